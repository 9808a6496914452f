package dev.stageline.report;

import dev.stageline.model.Stage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * The counts of one stage across all periods of a report, filled one lead at a time by {@link
 * FunnelAggregator}, which decides what counts; this class only keeps the tally.
 */
final class StageLedger {

    private final Stage stage;
    private final Optional<String> nextTarget;
    private final Optional<String> lastTarget;

    private final int[] entered;
    private final int[] enteredLeads;
    private final int[] exited;
    private final int[] advanced;
    private final int[] slaBreaches;
    private final int[] convertedToNext;
    private final int[] convertedToLast;
    private final List<List<Duration>> stays;

    // A stay in the stage covers a run of consecutive period ends. Each run adds 1 at its first
    // period and takes 1 away after its last; a running sum then gives the count at every end.
    private final int[] balanceSteps;
    private final int[] pastDueSteps;

    StageLedger(Stage stage, List<String> successPath, int periods) {
        this.stage = stage;
        int position = successPath.indexOf(stage.id());
        boolean hasTargets = position >= 0 && position < successPath.size() - 1;
        this.nextTarget =
                hasTargets ? Optional.of(successPath.get(position + 1)) : Optional.empty();
        this.lastTarget = hasTargets ? Optional.of(successPath.getLast()) : Optional.empty();

        this.entered = new int[periods];
        this.enteredLeads = new int[periods];
        this.exited = new int[periods];
        this.advanced = new int[periods];
        this.slaBreaches = new int[periods];
        this.convertedToNext = new int[periods];
        this.convertedToLast = new int[periods];
        this.stays = new ArrayList<>(periods);
        for (int i = 0; i < periods; i++) {
            stays.add(new ArrayList<>());
        }
        this.balanceSteps = new int[periods + 1];
        this.pastDueSteps = new int[periods + 1];
    }

    Stage stage() {
        return stage;
    }

    /** The next success stage, the target of {@link StageFigures#toNext()}. */
    Optional<String> nextTarget() {
        return nextTarget;
    }

    /** The last success stage, the target of {@link StageFigures#toLast()}. */
    Optional<String> lastTarget() {
        return lastTarget;
    }

    void enter(int period) {
        entered[period]++;
    }

    /** Counts a lead's first entry in the period, which also makes it one of the cohort. */
    void enterCohort(int period, boolean reachedNext, boolean reachedLast) {
        enteredLeads[period]++;
        convertedToNext[period] += reachedNext ? 1 : 0;
        convertedToLast[period] += reachedLast ? 1 : 0;
    }

    void exit(int period, boolean advancing) {
        exited[period]++;
        advanced[period] += advancing ? 1 : 0;
    }

    void stay(int period, Duration length) {
        stays.get(period).add(length);
    }

    void breach(int period) {
        slaBreaches[period]++;
    }

    /** Counts a lead in the balance of the periods {@code first..last}; none when first > last. */
    void inStageAtEnds(int first, int last) {
        addRun(balanceSteps, first, last);
    }

    /** Counts a lead as past due at the ends of the periods {@code first..last}. */
    void pastDueAtEnds(int first, int last) {
        addRun(pastDueSteps, first, last);
    }

    /** The figures of every period in order; {@code complete} tells whose cohorts are closed. */
    List<StageFigures> figures(IntPredicate complete) {
        List<StageFigures> figures = new ArrayList<>(entered.length);
        int balance = 0;
        int pastDue = 0;
        for (int p = 0; p < entered.length; p++) {
            balance += balanceSteps[p];
            pastDue += pastDueSteps[p];
            figures.add(
                    new StageFigures(
                            stage.id(),
                            entered[p],
                            enteredLeads[p],
                            exited[p],
                            advanced[p],
                            balance,
                            Velocity.of(stays.get(p)),
                            withSla(slaBreaches[p]),
                            withSla(pastDue),
                            conversion(nextTarget, convertedToNext[p], p, complete),
                            conversion(lastTarget, convertedToLast[p], p, complete)));
        }
        return figures;
    }

    private Optional<Integer> withSla(int count) {
        return stage.sla().map(sla -> count);
    }

    private Optional<Conversion> conversion(
            Optional<String> target, int converted, int period, IntPredicate complete) {
        return target.map(
                t -> new Conversion(t, converted, enteredLeads[period], complete.test(period)));
    }

    private static void addRun(int[] steps, int first, int last) {
        if (first <= last) {
            steps[first]++;
            steps[last + 1]--;
        }
    }
}
