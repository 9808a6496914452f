package dev.stageline.model;

import dev.stageline.model.ModelDraft.RuleSource;
import dev.stageline.model.ModelDraft.StageSource;

import org.snakeyaml.engine.v2.nodes.Node;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the top level of a model file into a {@link ModelDraft}, applying the defaults of the
 * optional keys: UTC, weeks starting on Monday, skipped stages passed through, and a conversion
 * window of 90 days.
 */
final class ModelReader {

    static final List<String> KEYS =
            List.of(
                    "name",
                    "timeZone",
                    "weekStart",
                    "skippedStages",
                    "conversionWindow",
                    "dimensions",
                    "attributes",
                    "stages",
                    "rules");

    static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("UTC");
    static final Duration DEFAULT_CONVERSION_WINDOW = Duration.ofDays(90);

    private static final List<String> DAYS =
            Arrays.stream(DayOfWeek.values())
                    .map(day -> day.name().toLowerCase(Locale.ROOT))
                    .toList();
    private static final List<String> SKIPPED_STAGES =
            Arrays.stream(SkippedStages.values()).map(SkippedStages::label).toList();

    private ModelReader() {}

    static Optional<ModelDraft> read(Node root, ProblemLog log) {
        Optional<YamlMapping> opened = YamlMapping.open(root, "a model file", log);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping model = opened.get();
        model.rejectUnknownKeys(KEYS, "a model");

        String name =
                model.required("name", "the model")
                        .flatMap(node -> YamlScalars.text(node, "name", log))
                        .orElse("");
        ZoneId timeZone =
                model.optional("timeZone")
                        .flatMap(node -> timeZone(node, log))
                        .orElse(DEFAULT_TIME_ZONE);
        DayOfWeek weekStart =
                model.optional("weekStart")
                        .flatMap(node -> YamlScalars.keyword(node, "weekStart", DAYS, log))
                        .map(word -> DayOfWeek.valueOf(word.toUpperCase(Locale.ROOT)))
                        .orElse(DayOfWeek.MONDAY);
        SkippedStages skippedStages =
                model.optional("skippedStages")
                        .flatMap(
                                node ->
                                        YamlScalars.keyword(
                                                node, "skippedStages", SKIPPED_STAGES, log))
                        .map(word -> SkippedStages.valueOf(word.toUpperCase(Locale.ROOT)))
                        .orElse(SkippedStages.PASS_THROUGH);
        Duration conversionWindow =
                model.optional("conversionWindow")
                        .flatMap(node -> YamlScalars.duration(node, "conversionWindow", log))
                        .orElse(DEFAULT_CONVERSION_WINDOW);

        List<Mention> dimensions =
                model.optional("dimensions")
                        .flatMap(node -> YamlScalars.names(node, "dimensions", log))
                        .orElse(List.of());
        Optional<List<Mention>> attributes =
                model.required("attributes", "the model")
                        .flatMap(node -> YamlScalars.names(node, "attributes", log));
        int stagesLine =
                ProblemLog.lineOf(model.has("stages") ? model.keyNode("stages") : model.node());
        Optional<List<StageSource>> stages =
                model.required("stages", "the model").flatMap(node -> StageReader.read(node, log));
        Optional<List<RuleSource>> rules =
                model.required("rules", "the model").flatMap(node -> RuleReader.read(node, log));

        return Optional.of(
                new ModelDraft(
                        name,
                        timeZone,
                        weekStart,
                        skippedStages,
                        conversionWindow,
                        dimensions,
                        attributes,
                        stagesLine,
                        stages,
                        rules));
    }

    /**
     * An IANA region such as {@code Europe/Berlin}. Fixed offsets are refused: they ignore summer
     * time, so a period boundary would move by an hour twice a year.
     */
    private static Optional<ZoneId> timeZone(Node node, ProblemLog log) {
        Optional<String> text = YamlScalars.text(node, "timeZone", log);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(text.get());
        } catch (DateTimeException e) {
            log.report(
                    node,
                    "timeZone is '"
                            + text.get()
                            + "', not an IANA time zone name such"
                            + " as Europe/Berlin or America/New_York"
                            + Spelling.suggestion(text.get(), ZoneId.getAvailableZoneIds()));
            return Optional.empty();
        }
        if (zone instanceof ZoneOffset) {
            log.report(
                    node,
                    "timeZone is '"
                            + text.get()
                            + "', a fixed offset that ignores summer"
                            + " time; use an IANA name such as Europe/Berlin");
            return Optional.empty();
        }
        return Optional.of(zone);
    }
}
