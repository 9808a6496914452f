package dev.stageline.report;

import dev.stageline.engine.DimensionValue;
import dev.stageline.engine.Transition;
import dev.stageline.model.LifecycleModel;
import dev.stageline.model.Stage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns recorded transitions into the funnel figures of {@code spec/metrics.md}, per stage and
 * period.
 *
 * <pre>{@code
 * List<PeriodFigures> months = FunnelAggregator.aggregate(model, transitions, Granularity.MONTH,
 *         LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 1), clock.instant());
 * }</pre>
 *
 * <h2>How it works</h2>
 *
 * <p>Transitions are grouped by lead. A lead's transitions are put in the order they happened: by
 * {@code at}, and for the same instant (a chain of stages passed through) by their order in the
 * input. Each lead is then read once, and each of its transitions plays three parts:
 *
 * <ul>
 *   <li>an entry into {@code to}: {@code entered}, and for the lead's first entry into that stage
 *       in the period, {@code enteredLeads} and the conversion cohort, whose conversion is found by
 *       looking ahead in the same lead;
 *   <li>an exit from {@code from}: {@code exited}, {@code advanced}, and the velocity sample
 *       measured from the lead's previous transition, which entered the stage;
 *   <li>the start of a stay in {@code to} that lasts until the lead's next transition: the SLA
 *       breach, and the balances and past-due counts of the period ends the stay covers.
 * </ul>
 *
 * <p>A lead's stage at an instant {@code t} is the {@code to} of its last transition with {@code at
 * < t}, so a transition exactly at a period's end belongs to the next period and is not yet in the
 * ended period's balance. The period ends a stay covers form a run, recorded as two steps in {@link
 * StageLedger}, so the cost grows with transitions, not with transitions times periods.
 *
 * <h2>Choices where the spec is silent</h2>
 *
 * <ul>
 *   <li>{@code asOf} is a snapshot: transitions at or after it are ignored, and a partial period's
 *       balance and past-due counts are those at {@code asOf}. A lead whose SLA falls due after
 *       {@code asOf} is not yet a breach, whatever it will do.
 *   <li>An exit advances when both stages are on the success path and the target is further along
 *       it. A detour has no position on that path, so leaving a detour never advances and a detour
 *       never has a velocity.
 *   <li>A velocity sample needs the lead's previous transition to have entered the stage left, not
 *       passed through it; history that starts with an exit gives no sample.
 *   <li>Overdue means longer than the SLA: a lead that leaves exactly at entry plus SLA is not a
 *       breach. Breaches count leads, so two overdue stays of one lead in a period count once.
 *   <li>Converted means entering the target after the cohort entry in the lead's order (the same
 *       instant counts, as when passing through) and at most {@code conversionWindow} after it.
 *   <li>Transitions into or out of a stage the model does not name count in no figure, but still
 *       end the stay before them.
 * </ul>
 */
public final class FunnelAggregator {

    private final LifecycleModel model;
    private final PeriodIndex periods;
    private final Instant asOf;
    private final Breakdown breakdown;
    private final Map<String, Map<String, StageLedger>> ledgersByValue = new HashMap<>();
    private final Map<String, Integer> pathPositions = new HashMap<>();
    private final List<String> successPath;

    private FunnelAggregator(
            LifecycleModel model, List<Period> periods, Instant asOf, Breakdown breakdown) {
        this.model = model;
        this.periods = new PeriodIndex(periods);
        this.asOf = asOf;
        this.breakdown = breakdown;
        this.successPath = model.successPath().stream().map(Stage::id).toList();
        for (int i = 0; i < successPath.size(); i++) {
            pathPositions.put(successPath.get(i), i);
        }
    }

    /**
     * The figures of every model stage, in file order, for each period of granularity {@code g}
     * that overlaps the days {@code [from, to)} in the model's time zone.
     *
     * @param transitions the transitions of any number of leads, mixed; those at or after {@code
     *     asOf} are ignored
     * @param asOf the instant the figures stand at, which decides {@code partial} and {@code
     *     complete}
     * @throws IllegalArgumentException when {@code to} is not after {@code from}
     */
    public static List<PeriodFigures> aggregate(
            LifecycleModel model,
            Collection<Transition> transitions,
            Granularity g,
            LocalDate from,
            LocalDate to,
            Instant asOf) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(transitions, "transitions");
        Objects.requireNonNull(asOf, "asOf");
        return aggregateBy(model, transitions, Breakdown.NONE, g, from, to, asOf).get("");
    }

    /**
     * The same figures per value of {@code breakdown}'s dimension, by value in alphabetical order;
     * a lead without a value counts under {@value DimensionValue#NONE}. Summed over the values,
     * each count equals the unbroken figure.
     */
    public static Map<String, List<PeriodFigures>> aggregateBy(
            LifecycleModel model,
            Collection<Transition> transitions,
            Breakdown breakdown,
            Granularity g,
            LocalDate from,
            LocalDate to,
            Instant asOf) {
        FunnelAggregator aggregator =
                new FunnelAggregator(model, Period.covering(g, from, to, model), asOf, breakdown);
        aggregator.ledgers("");
        for (List<Transition> lead : byLead(transitions, asOf)) {
            aggregator.count(lead);
        }
        if (!breakdown.dimension().isEmpty()) {
            aggregator.ledgersByValue.remove("");
        }
        Map<String, List<PeriodFigures>> figures = new TreeMap<>();
        aggregator.ledgersByValue.forEach(
                (value, ledgers) -> figures.put(value, aggregator.figures(ledgers)));
        return figures;
    }

    private static Collection<List<Transition>> byLead(
            Collection<Transition> transitions, Instant asOf) {
        Map<String, List<Transition>> leads = new LinkedHashMap<>();
        for (Transition transition : transitions) {
            if (transition.at().isBefore(asOf)) {
                leads.computeIfAbsent(transition.leadKey(), key -> new ArrayList<>())
                        .add(transition);
            }
        }
        // List.sort is stable, which keeps the input order of transitions at the same instant.
        leads.values().forEach(lead -> lead.sort(Comparator.comparing(Transition::at)));
        return leads.values();
    }

    private void count(List<Transition> lead) {
        Set<StagePeriod> entered = new HashSet<>();
        Set<StagePeriod> breached = new HashSet<>();
        for (int i = 0; i < lead.size(); i++) {
            countEntry(lead, i, entered);
            countExit(lead, i);
            countStay(lead, i, breached);
        }
    }

    private void countEntry(List<Transition> lead, int i, Set<StagePeriod> entered) {
        Transition entry = lead.get(i);
        int period = periods.periodOf(entry.at());
        if (period < 0) {
            return;
        }
        String value = breakdown.valueAt(entry.leadKey(), entry.at(), true);
        ledger(value, entry.to())
                .ifPresent(
                        ledger -> {
                            ledger.enter(period);
                            if (entered.add(new StagePeriod(entry.to(), period))) {
                                ledger.enterCohort(
                                        period,
                                        reaches(lead, i, ledger.nextTarget()),
                                        reaches(lead, i, ledger.lastTarget()));
                            }
                        });
    }

    /** Whether the lead enters {@code target} at most the conversion window after entry i. */
    private boolean reaches(List<Transition> lead, int i, Optional<String> target) {
        if (target.isEmpty()) {
            return false;
        }
        Instant deadline = lead.get(i).at().plus(model.conversionWindow());
        for (int j = i + 1; j < lead.size() && !lead.get(j).at().isAfter(deadline); j++) {
            if (lead.get(j).to().equals(target.get())) {
                return true;
            }
        }
        return false;
    }

    private void countExit(List<Transition> lead, int i) {
        Transition exit = lead.get(i);
        int period = periods.periodOf(exit.at());
        if (period < 0 || exit.from().isEmpty()) {
            return;
        }
        String left = exit.from().get();
        ledger(breakdown.valueAt(exit.leadKey(), exit.at(), true), left)
                .ifPresent(
                        ledger -> {
                            boolean advancing = advances(left, exit.to());
                            ledger.exit(period, advancing);
                            if (advancing && i > 0) {
                                Transition entry = lead.get(i - 1);
                                if (entry.to().equals(left) && !entry.passedThrough()) {
                                    ledger.stay(period, Duration.between(entry.at(), exit.at()));
                                }
                            }
                        });
    }

    private boolean advances(String left, String target) {
        int position = pathPositions.getOrDefault(left, -1);
        return position >= 0 && pathPositions.getOrDefault(target, -1) > position;
    }

    private void countStay(List<Transition> lead, int i, Set<StagePeriod> breached) {
        Transition entry = lead.get(i);
        Optional<Instant> leftAt =
                i + 1 < lead.size() ? Optional.of(lead.get(i + 1).at()) : Optional.empty();
        if (model.stage(entry.to()).isEmpty()) {
            return;
        }
        int firstEnd = periods.firstEndingAfter(entry.at());
        int lastEnd = leftAt.map(periods::lastEndingBy).orElse(periods.size() - 1);
        forEachValueRun(
                entry.leadKey(),
                firstEnd,
                lastEnd,
                (value, first, last) ->
                        ledger(value, entry.to()).orElseThrow().inStageAtEnds(first, last));
        // Passing through a stage starts no SLA clock.
        if (!entry.passedThrough()) {
            model.stage(entry.to())
                    .flatMap(Stage::sla)
                    .ifPresent(
                            sla ->
                                    countSla(
                                            entry,
                                            entry.at().plus(sla),
                                            leftAt.orElse(asOf),
                                            lastEnd,
                                            breached));
        }
    }

    /** Splits the period ends {@code [first, last]} into runs over which the lead's value holds. */
    private void forEachValueRun(String leadKey, int first, int last, ValueRun run) {
        int start = first;
        while (start <= last) {
            Instant end = periods.get(start).endInstant();
            String value = breakdown.valueAt(leadKey, end, false);
            int stop =
                    breakdown
                            .nextChangeAfter(leadKey, end.minusNanos(1))
                            .map(change -> Math.min(last, periods.lastEndingBy(change)))
                            .orElse(last);
            run.accept(value, start, Math.max(start, stop));
            start = Math.max(start, stop) + 1;
        }
    }

    /** A run of period ends over which one value holds. */
    private interface ValueRun {
        void accept(String value, int first, int last);
    }

    /**
     * Counts a stay that falls due at {@code due} and is known to last until {@code leftAt}: a
     * breach in the period of {@code due} if the lead was still there after it, and past due at the
     * period ends from the first after {@code due} to {@code lastEnd}, the last it covers.
     */
    private void countSla(
            Transition entry, Instant due, Instant leftAt, int lastEnd, Set<StagePeriod> breached) {
        if (!leftAt.isAfter(due)) {
            return;
        }
        forEachValueRun(
                entry.leadKey(),
                periods.firstEndingAfter(due),
                lastEnd,
                (value, first, last) ->
                        ledger(value, entry.to()).orElseThrow().pastDueAtEnds(first, last));

        int period = periods.periodOf(due);
        if (period >= 0 && breached.add(new StagePeriod(entry.to(), period))) {
            ledger(breakdown.valueAt(entry.leadKey(), due, true), entry.to())
                    .orElseThrow()
                    .breach(period);
        }
    }

    private Optional<StageLedger> ledger(String value, String stageId) {
        return Optional.ofNullable(ledgers(value).get(stageId));
    }

    /** The ledgers of one value, one per model stage in file order, made on first use. */
    private Map<String, StageLedger> ledgers(String value) {
        return ledgersByValue.computeIfAbsent(
                value,
                v -> {
                    Map<String, StageLedger> ledgers = new LinkedHashMap<>();
                    for (Stage stage : model.stages()) {
                        ledgers.put(
                                stage.id(), new StageLedger(stage, successPath, periods.size()));
                    }
                    return ledgers;
                });
    }

    private List<PeriodFigures> figures(Map<String, StageLedger> ledgers) {
        List<List<StageFigures>> byStage =
                ledgers.values().stream()
                        .map(ledger -> ledger.figures(this::cohortComplete))
                        .toList();

        List<PeriodFigures> figures = new ArrayList<>(periods.size());
        for (int p = 0; p < periods.size(); p++) {
            Period period = periods.get(p);
            int index = p;
            figures.add(
                    new PeriodFigures(
                            period,
                            asOf,
                            period.endInstant().isAfter(asOf),
                            byStage.stream().map(stage -> stage.get(index)).toList()));
        }
        return List.copyOf(figures);
    }

    private boolean cohortComplete(int period) {
        Instant closes = periods.get(period).endInstant().plus(model.conversionWindow());
        return !closes.isAfter(asOf);
    }

    /** A stage in a period, to count a lead there once. */
    private record StagePeriod(String stage, int period) {}
}
