package dev.stageline.model;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One mapping of the model file (the top level, a stage, a rule, a condition) with its keys in the
 * order written. Keys that are not text and keys written twice are reported when the mapping is
 * opened; the first of a repeated key is the one used.
 */
final class YamlMapping {

    private final MappingNode node;
    private final ProblemLog log;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMapping(MappingNode node, ProblemLog log) {
        this.node = node;
        this.log = log;
    }

    /**
     * Opens {@code node} as a mapping, or reports that {@code what} (such as "a stage") must be
     * one.
     */
    static Optional<YamlMapping> open(Node node, String what, ProblemLog log) {
        if (!(node instanceof MappingNode mapping)) {
            log.report(
                    node,
                    what
                            + " must be a set of 'key: value' lines, not "
                            + YamlScalars.describe(node));
            return Optional.empty();
        }
        YamlMapping opened = new YamlMapping(mapping, log);
        opened.index();
        return Optional.of(opened);
    }

    private void index() {
        for (NodeTuple entry : node.getValue()) {
            Node keyNode = entry.getKeyNode();
            if (!(keyNode instanceof ScalarNode key)) {
                log.report(
                        keyNode,
                        "a key must be a plain word, not " + YamlScalars.describe(keyNode));
                continue;
            }
            NodeTuple first = entries.putIfAbsent(key.getValue(), entry);
            if (first != null) {
                log.report(
                        keyNode,
                        "key '"
                                + key.getValue()
                                + "' is written twice (first on line "
                                + ProblemLog.lineOf(first.getKeyNode())
                                + ")");
            }
        }
    }

    /**
     * Reports every key not in {@code allowed}, suggesting the allowed key it was probably meant to
     * be. {@code holder} names what the keys belong to, such as "a stage".
     */
    void rejectUnknownKeys(List<String> allowed, String holder) {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            String key = entry.getKey();
            if (!allowed.contains(key)) {
                String hint =
                        Spelling.closest(key, allowed)
                                .map(word -> "did you mean '" + word + "'?")
                                .orElse(
                                        "the keys of "
                                                + holder
                                                + " are "
                                                + String.join(", ", allowed));
                log.report(entry.getValue().getKeyNode(), "unknown key '" + key + "'; " + hint);
            }
        }
    }

    Optional<Node> optional(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
    }

    /** The value of {@code key}, or a report that {@code owner} ("stage 'mql'") lacks it. */
    Optional<Node> required(String key, String owner) {
        Optional<Node> value = optional(key);
        if (value.isEmpty()) {
            log.report(node, owner + " is missing the key '" + key + "'");
        }
        return value;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    Set<String> keys() {
        return entries.keySet();
    }

    Node keyNode(String key) {
        return entries.get(key).getKeyNode();
    }

    Node node() {
        return node;
    }
}
