package dev.stageline.report;

import dev.stageline.engine.DimensionValue;
import dev.stageline.engine.Transition;
import dev.stageline.model.LifecycleModel;
import dev.stageline.model.Stage;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The days, in the model's time zone, on which a lead can change a period's figures: the day of
 * each transition, the day each SLA clock falls due, and the day each reporting dimension took a
 * new value. On every other day the lead's stage, past-due status and breakdown value stay as they
 * were, so its part in a period's balances is the same at the period's start and end.
 *
 * <p>The aggregation reads only the leads active on a period's days; that is what makes its cost
 * follow the period rather than the whole history.
 */
public final class ActivityDays {

    private ActivityDays() {}

    public static Set<LocalDate> of(
            LifecycleModel model,
            Collection<Transition> transitions,
            Collection<DimensionValue> dimensions) {
        ZoneId zone = model.timeZone();
        Set<LocalDate> days = new TreeSet<>();
        for (Transition transition : transitions) {
            days.add(transition.at().atZone(zone).toLocalDate());
            if (!transition.passedThrough()) {
                model.stage(transition.to())
                        .flatMap(Stage::sla)
                        .ifPresent(
                                sla ->
                                        days.add(
                                                transition
                                                        .at()
                                                        .plus(sla)
                                                        .atZone(zone)
                                                        .toLocalDate()));
            }
        }
        for (DimensionValue value : dimensions) {
            days.add(value.since().atZone(zone).toLocalDate());
        }
        return days;
    }
}
