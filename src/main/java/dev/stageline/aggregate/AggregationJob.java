package dev.stageline.aggregate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stageline.engine.DimensionValue;
import dev.stageline.engine.Transition;
import dev.stageline.model.LifecycleModel;
import dev.stageline.report.Breakdown;
import dev.stageline.report.FunnelAggregator;
import dev.stageline.report.Granularity;
import dev.stageline.report.PeriodFigures;
import dev.stageline.store.LeadStore;
import dev.stageline.store.ReportStore;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes the funnel figures of every period from the first transition to today, for each
 * granularity asked, unbroken and broken down by each of the model's dimensions, and writes them to
 * the report table. Figures depend only on the stored transitions and {@code asOf}, so a rerun
 * writes the same counts.
 */
public final class AggregationJob {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LifecycleModel model;
    private final LeadStore leads;
    private final ReportStore reports;
    private final Clock clock;

    public AggregationJob(LifecycleModel model, LeadStore leads, ReportStore reports, Clock clock) {
        this.model = model;
        this.leads = leads;
        this.reports = reports;
        this.clock = clock;
    }

    /** What a run wrote: periods per granularity, and the transitions it read. */
    public record Summary(Instant asOf, int transitions, Map<String, Integer> periods) {}

    public Summary run(List<Granularity> granularities) {
        Instant asOf = clock.instant();
        List<Transition> transitions = new ArrayList<>();
        Map<String, List<DimensionValue>> dimensions = new HashMap<>();
        leads.forEachTimeline(
                lead -> {
                    transitions.addAll(lead.transitions());
                    dimensions.put(lead.leadKey(), lead.dimensions());
                });

        Map<String, Integer> written = new LinkedHashMap<>();
        if (transitions.isEmpty()) {
            granularities.forEach(g -> written.put(g.keyword(), 0));
            return new Summary(asOf, 0, written);
        }
        Instant first =
                transitions.stream().map(Transition::at).min(Instant::compareTo).orElseThrow();
        Instant last =
                transitions.stream().map(Transition::at).max(Instant::compareTo).orElseThrow();
        LocalDate from = first.atZone(model.timeZone()).toLocalDate();
        LocalDate to =
                (last.isAfter(asOf) ? last : asOf)
                        .atZone(model.timeZone())
                        .toLocalDate()
                        .plusDays(1);

        for (Granularity granularity : granularities) {
            List<PeriodFigures> periods =
                    FunnelAggregator.aggregate(model, transitions, granularity, from, to, asOf);
            periods.forEach(
                    p -> reports.put(stored(granularity, "", p, ReportJson.stages(p.stages()))));
            for (String dimension : model.dimensions()) {
                Map<String, List<PeriodFigures>> byValue =
                        FunnelAggregator.aggregateBy(
                                model,
                                transitions,
                                new Breakdown(dimension, dimensions),
                                granularity,
                                from,
                                to,
                                asOf);
                for (int i = 0; i < periods.size(); i++) {
                    int index = i;
                    Map<String, Object> values = new LinkedHashMap<>();
                    byValue.forEach(
                            (value, figures) ->
                                    values.put(
                                            value, ReportJson.stages(figures.get(index).stages())));
                    reports.put(stored(granularity, dimension, periods.get(i), values));
                }
            }
            written.put(granularity.keyword(), periods.size());
        }
        return new Summary(asOf, transitions.size(), written);
    }

    private ReportStore.StoredPeriod stored(
            Granularity granularity, String dimension, PeriodFigures figures, Object json) {
        try {
            return new ReportStore.StoredPeriod(
                    granularity.keyword(),
                    dimension,
                    figures.period().start(),
                    figures.period().end(),
                    figures.period().label(),
                    figures.asOf(),
                    figures.partial(),
                    model.name(),
                    JSON.writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("figures cannot be written as JSON", e);
        }
    }
}
