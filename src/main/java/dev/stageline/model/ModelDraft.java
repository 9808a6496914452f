package dev.stageline.model;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A model as read from its file, before the checks that look across stages and rules. It keeps the
 * lines of what those checks point at, and may hold stand-ins for values that could not be read;
 * {@link #toModel()} is only called when no problem was reported.
 *
 * @param attributes empty when the attribute list itself could not be read, so that field names are
 *     not all reported as unknown
 * @param stagesLine where the stages are listed, for problems of the stage list as a whole
 * @param stages empty when the stage list itself is missing or is not a list
 * @param rules empty when the rule list itself is missing or is not a list
 */
record ModelDraft(
        String name,
        ZoneId timeZone,
        DayOfWeek weekStart,
        SkippedStages skippedStages,
        Duration conversionWindow,
        List<Mention> dimensions,
        Optional<List<Mention>> attributes,
        int stagesLine,
        Optional<List<StageSource>> stages,
        Optional<List<RuleSource>> rules) {

    /** A stage as read: its id when that could be read, the stage when all of it could. */
    record StageSource(Optional<Mention> id, Optional<Stage> stage) {}

    /**
     * A rule as read: its parts as far as they could be read, the fields its condition tests, and
     * the rule itself when all of it could be read.
     *
     * @param line where the rule starts
     */
    record RuleSource(
            Optional<Mention> id,
            int line,
            Optional<Mention> to,
            List<Mention> from,
            List<Mention> fields,
            Optional<Rule> rule) {

        /** How messages name the rule: by id, or by line when it has none. */
        String label() {
            return id.map(mention -> "rule '" + mention.text() + "'")
                    .orElse("the rule on line " + line);
        }
    }

    LifecycleModel toModel() {
        return new LifecycleModel(
                name,
                timeZone,
                weekStart,
                skippedStages,
                conversionWindow,
                stages.orElseThrow().stream().map(source -> source.stage().orElseThrow()).toList(),
                rules.orElseThrow().stream().map(source -> source.rule().orElseThrow()).toList(),
                dimensions.stream().map(Mention::text).toList(),
                attributes.orElseThrow().stream()
                        .map(Mention::text)
                        .collect(Collectors.toUnmodifiableSet()));
    }
}
