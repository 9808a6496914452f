package dev.stageline.evaluate;

import dev.stageline.log.JsonLog;
import dev.stageline.store.TimerIndex;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * The scheduled half of time rules: re-evaluates every lead whose next check has come, found
 * through the {@link TimerIndex} by date rather than by scanning the leads. Each run reads the
 * dates from the day of the previous run to today (that day again, since leads due later on it were
 * not due then), and then moves the marker to now. A lead that fails is logged and the marker stays
 * put, so the next run tries its dates again; re-evaluating a lead that is not due changes nothing.
 */
public final class TimerCheck {

    /**
     * How far back the very first run looks, with no marker to start from. Timers are filed under
     * the date they fall due, which is after the evaluation that filed them, so this only misses a
     * lead if the stack ran this long with no scheduled run at all.
     */
    static final int FIRST_RUN_DAYS = 400;

    private static final JsonLog LOG = JsonLog.named("timers");

    private final TimerIndex timers;
    private final LeadEvaluator evaluator;
    private final Clock clock;

    public TimerCheck(TimerIndex timers, LeadEvaluator evaluator, Clock clock) {
        this.timers = timers;
        this.evaluator = evaluator;
        this.clock = clock;
    }

    /** What a run did: the dates it read, the leads filed under them, those that moved. */
    public record Summary(
            Instant asOf, LocalDate from, LocalDate through, int leads, int moved, int failed) {}

    public Summary run() {
        Instant now = clock.instant();
        LocalDate through = TimerIndex.dateOf(now);
        LocalDate from =
                timers.checkedThrough()
                        .map(TimerIndex::dateOf)
                        .orElse(through.minusDays(FIRST_RUN_DAYS));
        Set<String> leads = timers.leadsOn(from, through);

        int moved = 0;
        int failed = 0;
        for (String leadKey : leads) {
            try {
                if (evaluator.evaluate(leadKey, List.of()).changed()) {
                    moved++;
                }
            } catch (RuntimeException e) {
                failed++;
                LOG.error(
                        "timer check failed",
                        "leadKey",
                        leadKey,
                        "exception",
                        e.getClass().getName(),
                        "reason",
                        String.valueOf(e.getMessage()));
            }
        }

        if (failed == 0) {
            timers.markChecked(now);
        }
        return new Summary(now, from, through, leads.size(), moved, failed);
    }
}
