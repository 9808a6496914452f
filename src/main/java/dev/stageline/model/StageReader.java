package dev.stageline.model;

import dev.stageline.model.ModelDraft.StageSource;

import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads the {@code stages} list of a model file, one stage at a time. */
final class StageReader {

    static final List<String> KEYS = List.of("id", "name", "kind", "sla", "terminal");
    private static final List<String> KINDS = List.of("success", "detour");

    private StageReader() {}

    static Optional<List<StageSource>> read(Node node, ProblemLog log) {
        if (!(node instanceof SequenceNode list)) {
            log.report(
                    node,
                    "'stages' must be a list of stages, each starting with '- id:',"
                            + " not "
                            + YamlScalars.describe(node));
            return Optional.empty();
        }
        return Optional.of(list.getValue().stream().map(item -> stage(item, log)).toList());
    }

    private static StageSource stage(Node item, ProblemLog log) {
        Optional<YamlMapping> opened = YamlMapping.open(item, "a stage", log);
        if (opened.isEmpty()) {
            return new StageSource(Optional.empty(), Optional.empty());
        }
        YamlMapping mapping = opened.get();
        int before = log.count();
        mapping.rejectUnknownKeys(KEYS, "a stage");

        Optional<Mention> id =
                mapping.required("id", "a stage")
                        .flatMap(
                                node ->
                                        YamlScalars.text(node, "a stage id", log)
                                                .map(text -> Mention.of(text, node)));
        String owner = id.map(mention -> "stage '" + mention.text() + "'").orElse("the stage");
        String name =
                mapping.optional("name")
                        .map(node -> YamlScalars.text(node, "the name of " + owner, log).orElse(""))
                        .orElse(id.map(Mention::text).orElse(""));
        Optional<Stage.Kind> kind =
                mapping.required("kind", owner)
                        .flatMap(
                                node ->
                                        YamlScalars.keyword(
                                                node, "the kind of " + owner, KINDS, log))
                        .map(word -> Stage.Kind.valueOf(word.toUpperCase(Locale.ROOT)));
        Optional<Duration> sla =
                mapping.optional("sla")
                        .flatMap(node -> YamlScalars.duration(node, "the sla of " + owner, log));
        boolean terminal =
                mapping.optional("terminal")
                        .flatMap(
                                node ->
                                        YamlScalars.flag(
                                                node, "the terminal flag of " + owner, log))
                        .orElse(false);

        if (log.count() > before || id.isEmpty() || kind.isEmpty()) {
            return new StageSource(id, Optional.empty());
        }
        Stage stage = new Stage(id.get().text(), name, kind.get(), sla, terminal);
        return new StageSource(id, Optional.of(stage));
    }
}
