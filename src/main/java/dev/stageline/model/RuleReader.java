package dev.stageline.model;

import dev.stageline.model.ModelDraft.RuleSource;

import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code rules} list of a model file. Stage ids and field names are only read here;
 * whether they exist is checked by {@link ModelConsistency}, once every stage is known.
 */
final class RuleReader {

    static final List<String> KEYS = List.of("id", "to", "from", "when");

    private RuleReader() {}

    static Optional<List<RuleSource>> read(Node node, ProblemLog log) {
        if (!(node instanceof SequenceNode list)) {
            log.report(
                    node,
                    "'rules' must be a list of rules, each starting with '- id:',"
                            + " not "
                            + YamlScalars.describe(node));
            return Optional.empty();
        }
        return Optional.of(list.getValue().stream().map(item -> rule(item, log)).toList());
    }

    private static RuleSource rule(Node item, ProblemLog log) {
        int line = ProblemLog.lineOf(item);
        Optional<YamlMapping> opened = YamlMapping.open(item, "a rule", log);
        if (opened.isEmpty()) {
            return new RuleSource(
                    Optional.empty(),
                    line,
                    Optional.empty(),
                    List.of(),
                    List.of(),
                    Optional.empty());
        }
        YamlMapping mapping = opened.get();
        int before = log.count();
        mapping.rejectUnknownKeys(KEYS, "a rule");

        Optional<Mention> id =
                mapping.required("id", "a rule").flatMap(node -> mention(node, "a rule id", log));
        String owner = id.map(mention -> "rule '" + mention.text() + "'").orElse("the rule");
        Optional<Mention> to =
                mapping.required("to", owner)
                        .flatMap(node -> mention(node, "the target of " + owner, log));
        List<Mention> from =
                mapping.optional("from").map(node -> from(node, log)).orElse(List.of());
        ConditionReader conditions = new ConditionReader(log, line);
        Optional<Condition> when = mapping.required("when", owner).flatMap(conditions::read);

        Optional<Rule> rule = Optional.empty();
        if (log.count() == before && id.isPresent() && to.isPresent() && when.isPresent()) {
            List<String> fromIds = from.stream().map(Mention::text).toList();
            rule =
                    Optional.of(
                            new Rule(id.get().text(), to.get().text(), fromIds, when.get(), line));
        }
        return new RuleSource(id, line, to, from, conditions.fields(), rule);
    }

    private static List<Mention> from(Node node, ProblemLog log) {
        if (node instanceof SequenceNode list && list.getValue().isEmpty()) {
            log.report(
                    node,
                    "from: [] lets the rule leave no stage; leave 'from' out for the"
                            + " default (no stage yet, or an earlier success stage)");
            return List.of();
        }
        return YamlScalars.names(node, "from", log).orElse(List.of());
    }

    private static Optional<Mention> mention(Node node, String what, ProblemLog log) {
        return YamlScalars.text(node, what, log).map(text -> Mention.of(text, node));
    }
}
