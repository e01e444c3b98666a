package dev.keyless.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem found while reading one config file, so all are reported at once. */
final class Problems {

    private final String file;
    private final List<ConfigProblem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(YamlNode.Location at, KeyPath path, String message, String hint) {
        found.add(new ConfigProblem(file, at.line(), at.column(), path.toString(), message, hint));
    }

    boolean isEmpty() {
        return found.isEmpty();
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
