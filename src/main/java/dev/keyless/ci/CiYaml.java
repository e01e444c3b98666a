package dev.keyless.ci;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads one CI file with SnakeYAML: anchors, aliases and {@code <<} merge keys as YAML 1.1 defines
 * them (GitLab's Psych does the same), plus GitLab's {@code !reference} tag, kept as a
 * {@link CiReference} until the whole configuration is assembled. Sizes are bounded: a CI file is
 * at most 1 MiB here, and aliases may not fan out into a billion-laughs expansion.
 */
final class CiYaml {
    static final int MAX_CODE_POINTS = 1024 * 1024;

    private CiYaml() {}

    static Map<String, Object> load(String text, String file) throws CiFileException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setMaxAliasesForCollections(100);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(100);
        Yaml yaml = new Yaml(new Constructor(options), new Representer(new DumperOptions()), new DumperOptions(), options);
        Object root;
        try {
            root = yaml.load(text);
        } catch (YAMLException e) {
            throw new CiFileException(file + ": not valid YAML: " + firstLine(e.getMessage()));
        }
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new CiFileException(file + ": expected a mapping of keywords and jobs at the top level");
        }
        refuseCycles(map, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()),
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()), file);
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) (Map<?, ?>) map;
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw new CiFileException(file + ": top-level key " + key + " is not a string");
            }
        }
        return typed;
    }

    /**
     * An alias inside the node it names ({@code a: &x [*x]}) makes SnakeYAML build a collection that
     * contains itself; every walk over it would never end, so it is refused before anything walks
     * the tree. {@code onPath} holds the collections between the root and {@code node}; a collection
     * reached again on another path (an ordinary alias) is fine and is checked once ({@code checked}).
     */
    private static void refuseCycles(Object node, java.util.Set<Object> onPath, java.util.Set<Object> checked,
            String file) throws CiFileException {
        if (!(node instanceof Map<?, ?>) && !(node instanceof List<?>) || checked.contains(node)) {
            return;
        }
        if (!onPath.add(node)) {
            throw new CiFileException(file + ": an alias refers to a mapping or list that contains it");
        }
        if (node instanceof Map<?, ?> map) {
            for (var e : map.entrySet()) {
                refuseCycles(e.getKey(), onPath, checked, file);
                refuseCycles(e.getValue(), onPath, checked, file);
            }
        } else {
            for (Object item : (List<?>) node) {
                refuseCycles(item, onPath, checked, file);
            }
        }
        onPath.remove(node);
        checked.add(node);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        return message.strip().replaceAll("\\s+", " ");
    }

    private static final class Constructor extends SafeConstructor {
        Constructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(new Tag("!reference"), new ReferenceConstruct());
        }

        private final class ReferenceConstruct extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                if (!(node instanceof SequenceNode sequence)) {
                    throw new YAMLException("!reference expects a list like [.job, script], at line "
                            + (node.getStartMark().getLine() + 1));
                }
                List<String> path = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    if (!(item instanceof ScalarNode scalar)) {
                        throw new YAMLException("!reference path elements must be strings, at line "
                                + (item.getStartMark().getLine() + 1));
                    }
                    path.add(scalar.getValue());
                }
                if (path.isEmpty()) {
                    throw new YAMLException("!reference needs at least a job or key name, at line "
                            + (node.getStartMark().getLine() + 1));
                }
                return new CiReference(path);
            }
        }
    }
}
