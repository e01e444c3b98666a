package dev.keyless.config;

import dev.keyless.config.YamlBinding.Index;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each key of a config text is written, by its rendered key path ({@code
 * aws.accounts."111122223333".openIdConnectProviders[0].url}), so findings made after loading (the
 * trust rules of {@code keyless lint}) can name {@code file:line} as configuration errors do. A path
 * that is not written as such (a key inside a trust policy given as a JSON string) is placed at its
 * nearest written parent.
 */
public final class SourceLines {
    private final Map<String, Integer> lines;

    private SourceLines(Map<String, Integer> lines) {
        this.lines = Map.copyOf(lines);
    }

    /** No positions: every lookup is empty (a config that was not read from text). */
    public static SourceLines none() {
        return new SourceLines(Map.of());
    }

    /** Indexes {@code yaml}; text that is not well-formed YAML indexes what was read before the error. */
    public static SourceLines of(String yaml) {
        Index index = YamlBinding.index(yaml);
        Map<String, Integer> out = new HashMap<>();
        index.values().forEach((path, at) -> out.put(path.toString(), at.line()));
        // A key's own line wins over its value's (a block mapping's value starts on the next line).
        index.keys().forEach((path, at) -> out.put(path.toString(), at.line()));
        return new SourceLines(out);
    }

    /** The line of {@code path}, or of its nearest written parent; empty when nothing of it is written. */
    public Optional<Integer> line(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer at = lines.get(p);
            if (at != null) {
                return Optional.of(at);
            }
            p = parent(p);
        }
        return Optional.empty();
    }

    /** The path without its last segment ({@code .key}, {@code ."quoted key"} or {@code [i]}). */
    static String parent(String path) {
        boolean quoted = false;
        int cut = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '.' || c == '[')) {
                cut = i;
            }
        }
        return path.substring(0, cut);
    }
}
