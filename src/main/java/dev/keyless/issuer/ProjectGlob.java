package dev.keyless.issuer;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A project-path pattern of {@code issuer.clients[].projects}: {@code *} matches within one path
 * segment (no {@code /}), {@code **} across segments; everything else is literal. So
 * {@code mygroup/*} allows {@code mygroup/app} but not {@code mygroup/sub/app}. Compiled once.
 */
public record ProjectGlob(String glob, Pattern pattern) {
    public ProjectGlob {
        Objects.requireNonNull(glob, "glob");
        Objects.requireNonNull(pattern, "pattern");
    }

    public static ProjectGlob compile(String glob) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            if (glob.startsWith("**", i)) {
                regex.append(".*");
                i += 2;
            } else if (glob.charAt(i) == '*') {
                regex.append("[^/]*");
                i++;
            } else {
                int next = nextStar(glob, i);
                regex.append(Pattern.quote(glob.substring(i, next)));
                i = next;
            }
        }
        return new ProjectGlob(glob, Pattern.compile(regex.toString()));
    }

    private static int nextStar(String glob, int from) {
        int star = glob.indexOf('*', from);
        return star < 0 ? glob.length() : star;
    }

    public boolean matches(String projectPath) {
        return pattern.matcher(projectPath).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
