package dev.stageline.model;

import dev.stageline.model.ModelDraft.RuleSource;
import dev.stageline.model.ModelDraft.StageSource;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks that look across a whole model once it has been read: ids used twice, references to
 * stages and fields that do not exist, stages no rule can reach and rules that can never fire.
 * Checks that need every stage or rule are skipped when one of them could not be read, or a rule
 * targets an unknown stage, since their findings would only echo a problem already reported.
 */
final class ModelConsistency {

    private final ModelDraft draft;
    private final ProblemLog log;

    private ModelConsistency(ModelDraft draft, ProblemLog log) {
        this.draft = draft;
        this.log = log;
    }

    static void check(ModelDraft draft, ProblemLog log) {
        new ModelConsistency(draft, log).check();
    }

    private void check() {
        List<StageSource> stageSources = draft.stages().orElse(List.of());
        List<RuleSource> rules = draft.rules().orElse(List.of());
        List<Mention> stageIds = stageSources.stream().flatMap(s -> s.id().stream()).toList();
        Set<String> stages = firstMentions(stageIds, "stage id").keySet();
        firstMentions(rules.stream().flatMap(r -> r.id().stream()).toList(), "rule id");

        if (draft.stages().isPresent()) {
            rules.forEach(rule -> checkStageReferences(rule, stages));
        }
        rules.forEach(this::checkCanFire);
        draft.attributes().ifPresent(attributes -> checkFields(attributes, rules));

        boolean everyStageRead =
                draft.stages().isPresent()
                        && stageSources.stream().allMatch(s -> s.stage().isPresent());
        boolean everyTargetKnown =
                draft.rules().isPresent()
                        && rules.stream()
                                .allMatch(
                                        r ->
                                                r.to().filter(to -> stages.contains(to.text()))
                                                        .isPresent());
        if (everyStageRead && everyTargetKnown) {
            checkSuccessPath(stageSources, rules);
        }
    }

    /** The first mention of each name, reporting every later one as used twice. */
    private Map<String, Mention> firstMentions(List<Mention> mentions, String what) {
        Map<String, Mention> first = new LinkedHashMap<>();
        for (Mention mention : mentions) {
            Mention earlier = first.putIfAbsent(mention.text(), mention);
            if (earlier != null) {
                log.report(
                        mention.line(),
                        what
                                + " '"
                                + mention.text()
                                + "' is used twice"
                                + " (first on line "
                                + earlier.line()
                                + ")");
            }
        }
        return first;
    }

    private void checkStageReferences(RuleSource rule, Set<String> stages) {
        rule.to()
                .filter(to -> !stages.contains(to.text()))
                .ifPresent(
                        to ->
                                log.report(
                                        to.line(),
                                        rule.label()
                                                + " targets unknown stage '"
                                                + to.text()
                                                + "'"
                                                + Spelling.suggestion(to.text(), stages)));
        for (Mention from : rule.from()) {
            if (!stages.contains(from.text())) {
                log.report(
                        from.line(),
                        rule.label()
                                + " leaves from unknown stage '"
                                + from.text()
                                + "'"
                                + Spelling.suggestion(from.text(), stages));
            }
        }
    }

    /** A rule whose {@code from} lists only its own target would move a lead nowhere. */
    private void checkCanFire(RuleSource rule) {
        if (rule.to().isEmpty() || rule.from().isEmpty()) {
            return;
        }
        String to = rule.to().get().text();
        if (rule.from().stream().allMatch(from -> from.text().equals(to))) {
            log.report(
                    rule.from().get(0).line(),
                    rule.label()
                            + " can never fire: its 'from'"
                            + " lists only its own target '"
                            + to
                            + "'");
        }
    }

    private void checkFields(List<Mention> attributeMentions, List<RuleSource> rules) {
        Set<String> attributes = firstMentions(attributeMentions, "attribute").keySet();
        for (Mention dimension : draft.dimensions()) {
            if (!attributes.contains(dimension.text())) {
                log.report(
                        dimension.line(),
                        "dimension '"
                                + dimension.text()
                                + "' is not in"
                                + " attributes, so it is never stored"
                                + Spelling.suggestion(dimension.text(), attributes));
            }
        }
        for (RuleSource rule : rules) {
            for (Mention field : rule.fields()) {
                if (!attributes.contains(field.text())) {
                    log.report(
                            field.line(),
                            rule.label()
                                    + " tests unknown field '"
                                    + field.text()
                                    + "', which is not in attributes"
                                    + Spelling.suggestion(field.text(), attributes));
                }
            }
        }
    }

    private void checkSuccessPath(List<StageSource> sources, List<RuleSource> rules) {
        List<Stage> stages = sources.stream().map(s -> s.stage().orElseThrow()).toList();
        if (stages.stream().noneMatch(Stage::isSuccess)) {
            log.report(
                    draft.stagesLine(),
                    "the model has no success stage; at least one stage" + " needs kind: success");
            return;
        }
        Set<String> reachable = reachableStages(stages, rules);
        for (StageSource source : sources) {
            Stage stage = source.stage().orElseThrow();
            if (!reachable.contains(stage.id())) {
                boolean passesThrough =
                        stage.isSuccess() && draft.skippedStages() == SkippedStages.PASS_THROUGH;
                log.report(
                        source.id().orElseThrow().line(),
                        "stage '"
                                + stage.id()
                                + "' cannot be reached: no rule moves a lead to it"
                                + (passesThrough ? " or to a later success stage" : ""));
            }
        }
    }

    /**
     * The stages some rule targets; under pass_through also every success stage before the last
     * targeted one, since a lead jumping over them is recorded as passing through.
     */
    private Set<String> reachableStages(List<Stage> stages, List<RuleSource> rules) {
        Set<String> reachable = new HashSet<>();
        rules.forEach(rule -> rule.to().ifPresent(to -> reachable.add(to.text())));
        if (draft.skippedStages() == SkippedStages.PASS_THROUGH) {
            List<Stage> path = stages.stream().filter(Stage::isSuccess).toList();
            Optional<Integer> last = Optional.empty();
            for (int i = 0; i < path.size(); i++) {
                if (reachable.contains(path.get(i).id())) {
                    last = Optional.of(i);
                }
            }
            last.ifPresent(end -> path.subList(0, end).forEach(s -> reachable.add(s.id())));
        }
        return reachable;
    }
}
