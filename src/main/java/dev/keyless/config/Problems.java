package dev.keyless.config;

import dev.keyless.config.YamlBinding.Index;
import dev.keyless.config.YamlBinding.Location;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Collects every problem found while reading one config file, so all are reported at once. A problem
 * is placed at the line and column where its key path is written (or its nearest written parent).
 */
final class Problems {

    private final String file;
    private final List<ConfigProblem> found = new ArrayList<>();
    private Index index = new Index(Map.of(), Map.of());

    Problems(String file) {
        this.file = file;
    }

    void index(Index where) {
        this.index = where;
    }

    void add(Location at, KeyPath path, String message, String hint) {
        found.add(new ConfigProblem(file, at.line(), at.column(), path.toString(), message, hint));
    }

    /** A problem about the value at {@code path}. */
    void add(KeyPath path, String message, String hint) {
        add(locate(path, index.values()), path, message, hint);
    }

    /** A problem about the key at {@code path} itself (its name), not its value. */
    void addAtKey(KeyPath path, String message, String hint) {
        add(locate(path, index.keys()), path, message, hint);
    }

    private Location locate(KeyPath path, Map<KeyPath, Location> first) {
        Location at = first.get(path);
        for (KeyPath p = path; at == null && !p.segments().isEmpty(); p = p.parent()) {
            at = index.values().get(p);
        }
        return at == null ? new Location(1, 1) : at;
    }

    /** Whether a problem is already reported at {@code path} (a wrong-typed value is bound as absent). */
    boolean reported(KeyPath path) {
        String text = path.toString();
        return found.stream().anyMatch(p -> p.path().equals(text));
    }

    /** How many so far: a section compares before and after to know whether its part was clean. */
    int count() {
        return found.size();
    }

    /** Throws when anything was found, listing the problems in file order. */
    void throwIfAny() throws ConfigException {
        if (!found.isEmpty()) {
            List<ConfigProblem> sorted = new ArrayList<>(found);
            sorted.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
            throw new ConfigException(sorted);
        }
    }
}
