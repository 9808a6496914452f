package dev.stageline.aggregate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.stageline.engine.DimensionValue;
import dev.stageline.engine.Transition;
import dev.stageline.model.LifecycleModel;
import dev.stageline.model.Stage;
import dev.stageline.report.Breakdown;
import dev.stageline.report.FunnelAggregator;
import dev.stageline.report.Granularity;
import dev.stageline.report.Period;
import dev.stageline.report.PeriodFigures;
import dev.stageline.report.StageFigures;
import dev.stageline.store.ActivityIndex;
import dev.stageline.store.LeadStore;
import dev.stageline.store.ReportStore;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Computes the funnel figures of the periods that changed since the last run and writes them to the
 * report table, unbroken and broken down by each of the model's dimensions.
 *
 * <h2>What a run reads</h2>
 *
 * <p>A run never scans the lead table. The evaluator records, for each lead, the days its history
 * is active on ({@link dev.stageline.report.ActivityDays}) and marks the days whose figures a
 * change of history may have moved. A run then recomputes, for each granularity:
 *
 * <ul>
 *   <li>the periods holding a marked day (late events included: the mark falls on the day of the
 *       transition, however long ago);
 *   <li>the periods that were partial or not yet computed at the previous run, up to the current
 *       one;
 *   <li>the periods whose conversion cohorts have closed since the previous run.
 * </ul>
 *
 * <p>A period is computed from the leads active on its days alone, read by key. Its balances and
 * past-due counts come from the previous period's, plus the change those leads made (see {@link
 * Chain}); when that moves a period's end figures, the later periods' are moved by the same amount
 * without reading any lead.
 *
 * <p>Marks are removed only by a run of every granularity, and only if unchanged meanwhile, so a
 * day changed during a run is computed again by the next.
 */
public final class AggregationJob {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMELINE_CACHE = 50_000;

    private final LifecycleModel model;
    private final LeadStore leads;
    private final ActivityIndex activity;
    private final ReportStore reports;
    private final Clock clock;
    private final List<String> stageIds;

    public AggregationJob(
            LifecycleModel model,
            LeadStore leads,
            ActivityIndex activity,
            ReportStore reports,
            Clock clock) {
        this.model = model;
        this.leads = leads;
        this.activity = activity;
        this.reports = reports;
        this.clock = clock;
        this.stageIds = model.stages().stream().map(Stage::id).toList();
    }

    /**
     * What a run did.
     *
     * @param transitions the transitions of the leads it read
     * @param periods per granularity, the periods it wrote
     * @param changedDays the marked days it found
     */
    public record Summary(
            Instant asOf, int transitions, Map<String, Integer> periods, int changedDays) {}

    /** Recomputes the periods that changed since the last run. */
    public Summary run(List<Granularity> granularities) {
        return run(granularities, false);
    }

    /**
     * Recomputes every period from the first day any lead was active, as after a replay under a new
     * model revision, when every history may have changed. It reads every active lead, period by
     * period.
     */
    public Summary recomputeAll(List<Granularity> granularities) {
        return run(granularities, true);
    }

    private Summary run(List<Granularity> granularities, boolean everything) {
        Instant asOf = clock.instant();
        LocalDate today = asOf.atZone(model.timeZone()).toLocalDate();
        ActivityIndex.DirtyMarks marks = activity.dirty();
        Set<LocalDate> changed = marks.days();
        Run run = new Run(asOf);

        Map<String, Integer> written = new LinkedHashMap<>();
        for (Granularity g : granularities) {
            Optional<ReportStore.Watermark> previous = reports.watermark(g.keyword());
            Optional<LocalDate> first =
                    Stream.concat(
                                    changed.stream().limit(1),
                                    previous.map(ReportStore.Watermark::firstDay).stream())
                            .min(Comparator.naturalOrder());
            if (first.isEmpty()) {
                written.put(g.keyword(), 0);
                continue;
            }
            // Up to today: a mark on a later day (an SLA falling due) is reached by the run that
            // first finds that day's period unfinished.
            LocalDate last = max(today, first.get());
            List<Period> periods = Period.covering(g, first.get(), last.plusDays(1), model);
            Set<Integer> due =
                    due(
                            periods,
                            changed,
                            everything
                                    ? Optional.empty()
                                    : previous.map(ReportStore.Watermark::asOf),
                            asOf);
            written.put(g.keyword(), run.granularity(g, periods, due));
            reports.putWatermark(g.keyword(), new ReportStore.Watermark(first.get(), asOf));
        }
        boolean everyGranularity = granularities.containsAll(List.of(Granularity.values()));
        if (everyGranularity) {
            activity.clear(marks);
        }
        return new Summary(asOf, run.transitionsRead, written, changed.size());
    }

    /** The indexes of the periods a run must compute. */
    private Set<Integer> due(
            List<Period> periods,
            Set<LocalDate> changed,
            Optional<Instant> lastAsOf,
            Instant asOf) {
        Set<Integer> due = new TreeSet<>();
        for (int i = 0; i < periods.size(); i++) {
            Period period = periods.get(i);
            boolean marked =
                    changed.stream()
                            .anyMatch(d -> !d.isBefore(period.start()) && d.isBefore(period.end()));
            boolean unfinished = lastAsOf.map(at -> period.endInstant().isAfter(at)).orElse(true);
            Instant cohortCloses = period.endInstant().plus(model.conversionWindow());
            boolean cohortClosed =
                    lastAsOf.map(at -> cohortCloses.isAfter(at)).orElse(true)
                            && !cohortCloses.isAfter(asOf);
            if (marked || unfinished || cohortClosed) {
                due.add(i);
            }
        }
        return due;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    /** One run's state: its instant and the timelines it has read. */
    private final class Run {

        private final Instant asOf;
        private final Map<String, LeadStore.Timeline> timelines =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(
                            Map.Entry<String, LeadStore.Timeline> eldest) {
                        return size() > TIMELINE_CACHE;
                    }
                };
        private int transitionsRead;

        Run(Instant asOf) {
            this.asOf = asOf;
        }

        /** Computes the due periods of one granularity in order; returns how many it wrote. */
        int granularity(Granularity g, List<Period> periods, Set<Integer> due) {
            if (due.isEmpty()) {
                return 0;
            }
            List<String> dimensions = new ArrayList<>();
            dimensions.add("");
            dimensions.addAll(model.dimensions());
            int start = due.iterator().next();
            LocalDate readFrom = periods.get(Math.max(0, start - 1)).start();
            LocalDate readTo = periods.get(periods.size() - 1).end();
            Map<String, Map<LocalDate, ReportStore.StoredPeriod>> stored = new HashMap<>();
            for (String dimension : dimensions) {
                stored.put(dimension, reports.periods(g.keyword(), dimension, readFrom, readTo));
            }

            Map<String, Chain> oldPrev = new HashMap<>();
            Map<String, Chain> newPrev = new HashMap<>();
            for (String dimension : dimensions) {
                Chain chain =
                        start == 0
                                ? Chain.EMPTY
                                : chainOf(
                                        stored.get(dimension).get(periods.get(start - 1).start()),
                                        dimension);
                oldPrev.put(dimension, chain);
                newPrev.put(dimension, chain);
            }

            int written = 0;
            for (int i = start; i < periods.size(); i++) {
                Period period = periods.get(i);
                Map<String, Chain> next = new HashMap<>();
                Map<String, Chain> nextOld = new HashMap<>();
                if (due.contains(i)) {
                    Optional<Period> before =
                            i == 0 ? Optional.empty() : Optional.of(periods.get(i - 1));
                    Map<String, Map<String, List<PeriodFigures>>> computed =
                            compute(g, before, period);
                    for (String dimension : dimensions) {
                        Map<String, List<PeriodFigures>> byValue = computed.get(dimension);
                        Map<String, PeriodFigures> previous = new HashMap<>();
                        Map<String, PeriodFigures> current = new HashMap<>();
                        byValue.forEach(
                                (value, figures) -> {
                                    if (figures.size() == 2) {
                                        previous.put(value, figures.get(0));
                                    }
                                    current.put(value, figures.get(figures.size() - 1));
                                });
                        Chain chained =
                                newPrev.get(dimension)
                                        .plusChange(
                                                Chain.of(previous), Chain.of(current), stageIds);
                        write(g, dimension, period, current, chained);
                        next.put(dimension, chained);
                        nextOld.put(
                                dimension,
                                chainOf(stored.get(dimension).get(period.start()), dimension));
                    }
                    written++;
                } else {
                    boolean moved = false;
                    for (String dimension : dimensions) {
                        ReportStore.StoredPeriod was = stored.get(dimension).get(period.start());
                        Chain wasChain = chainOf(was, dimension);
                        Chain chained =
                                newPrev.get(dimension)
                                        .plusChange(oldPrev.get(dimension), wasChain, stageIds);
                        if (!chained.sameCounts(wasChain, stageIds)) {
                            rewrite(g, dimension, period, was, chained);
                            moved = true;
                        }
                        next.put(dimension, chained);
                        nextOld.put(dimension, wasChain);
                    }
                    if (moved) {
                        written++;
                    }
                }
                oldPrev = nextOld;
                newPrev = next;
            }
            return written;
        }

        /**
         * The figures of the period before {@code period} (when there is one) and of {@code
         * period}, in that order, from the leads active in {@code period}, per dimension and value.
         */
        private Map<String, Map<String, List<PeriodFigures>>> compute(
                Granularity g, Optional<Period> before, Period period) {
            List<LocalDate> days = period.start().datesUntil(period.end()).toList();
            List<LeadStore.Timeline> active = timelines(activity.leadsOn(days));
            List<Transition> transitions = new ArrayList<>();
            Map<String, List<DimensionValue>> values = new HashMap<>();
            for (LeadStore.Timeline timeline : active) {
                transitions.addAll(timeline.transitions());
                values.put(timeline.leadKey(), timeline.dimensions());
            }
            LocalDate from = before.map(Period::start).orElse(period.start());
            Map<String, Map<String, List<PeriodFigures>>> byDimension = new HashMap<>();
            byDimension.put(
                    "",
                    Map.of(
                            "",
                            FunnelAggregator.aggregate(
                                    model, transitions, g, from, period.end(), asOf)));
            for (String dimension : model.dimensions()) {
                byDimension.put(
                        dimension,
                        FunnelAggregator.aggregateBy(
                                model,
                                transitions,
                                new Breakdown(dimension, values),
                                g,
                                from,
                                period.end(),
                                asOf));
            }
            return byDimension;
        }

        private List<LeadStore.Timeline> timelines(Set<String> keys) {
            List<LeadStore.Timeline> found = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String key : keys) {
                LeadStore.Timeline cached = timelines.get(key);
                if (cached == null) {
                    missing.add(key);
                } else {
                    found.add(cached);
                }
            }
            for (LeadStore.Timeline read : leads.timelines(missing)) {
                timelines.put(read.leadKey(), read);
                transitionsRead += read.transitions().size();
                found.add(read);
            }
            return found;
        }

        private void write(
                Granularity g,
                String dimension,
                Period period,
                Map<String, PeriodFigures> byValue,
                Chain chain) {
            Object json;
            if (dimension.isEmpty()) {
                json = ReportJson.stages(chained(byValue.get(""), "", chain).stages());
            } else {
                Map<String, Object> values = new TreeMap<>();
                Set<String> all = new TreeSet<>(byValue.keySet());
                all.addAll(chain.values());
                for (String value : all) {
                    PeriodFigures figures =
                            Optional.ofNullable(byValue.get(value))
                                    .orElseGet(() -> empty(g, period));
                    values.put(value, ReportJson.stages(chained(figures, value, chain).stages()));
                }
                json = values;
            }
            reports.put(stored(g, dimension, period, json));
        }

        /** A stored period whose end figures move to {@code chain}; other figures stay. */
        private void rewrite(
                Granularity g,
                String dimension,
                Period period,
                ReportStore.StoredPeriod was,
                Chain chain) {
            JsonNode figures;
            try {
                figures =
                        was == null
                                ? JSON.valueToTree(
                                        dimension.isEmpty()
                                                ? ReportJson.stages(empty(g, period).stages())
                                                : Map.of())
                                : JSON.readTree(was.figuresJson());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored figures are not JSON", e);
            }
            if (dimension.isEmpty()) {
                setEnds((ArrayNode) figures, "", chain);
            } else {
                ObjectNode byValue = (ObjectNode) figures;
                for (String value : chain.values()) {
                    if (!byValue.has(value)) {
                        byValue.set(
                                value,
                                JSON.valueToTree(ReportJson.stages(empty(g, period).stages())));
                    }
                    setEnds((ArrayNode) byValue.get(value), value, chain);
                }
            }
            reports.put(stored(g, dimension, period, figures));
        }

        private void setEnds(ArrayNode stages, String value, Chain chain) {
            for (JsonNode node : stages) {
                ObjectNode stage = (ObjectNode) node;
                Chain.Counts counts = chain.get(value, stage.path("stage").asText());
                stage.put("balance", counts.balance());
                if (stage.has("slaPastDue")) {
                    stage.put("slaPastDue", counts.pastDue());
                }
            }
        }

        private PeriodFigures chained(PeriodFigures figures, String value, Chain chain) {
            List<StageFigures> stages = new ArrayList<>();
            for (StageFigures s : figures.stages()) {
                Chain.Counts counts = chain.get(value, s.stage());
                stages.add(
                        new StageFigures(
                                s.stage(),
                                s.entered(),
                                s.enteredLeads(),
                                s.exited(),
                                s.advanced(),
                                counts.balance(),
                                s.velocity(),
                                s.slaBreaches(),
                                s.slaPastDue().map(n -> counts.pastDue()),
                                s.toNext(),
                                s.toLast()));
            }
            return new PeriodFigures(figures.period(), figures.asOf(), figures.partial(), stages);
        }

        private PeriodFigures empty(Granularity g, Period period) {
            return FunnelAggregator.aggregate(
                            model, List.of(), g, period.start(), period.end(), asOf)
                    .get(0);
        }

        private ReportStore.StoredPeriod stored(
                Granularity g, String dimension, Period period, Object json) {
            try {
                return new ReportStore.StoredPeriod(
                        g.keyword(),
                        dimension,
                        period.start(),
                        period.end(),
                        period.label(),
                        asOf,
                        period.endInstant().isAfter(asOf),
                        model.name(),
                        JSON.writeValueAsString(json));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("figures cannot be written as JSON", e);
            }
        }
    }

    private static Chain chainOf(ReportStore.StoredPeriod stored, String dimension) {
        if (stored == null) {
            return Chain.EMPTY;
        }
        try {
            return Chain.ofStored(JSON.readTree(stored.figuresJson()), !dimension.isEmpty());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored figures are not JSON", e);
        }
    }
}
