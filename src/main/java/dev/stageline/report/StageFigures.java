package dev.stageline.report;

import java.util.Optional;

/**
 * The figures of one stage in one period, each as defined in {@code spec/metrics.md}.
 *
 * @param stage the stage id
 * @param entered transitions into the stage, pass-through entries included
 * @param enteredLeads distinct leads among {@code entered}; also the size of the conversion cohort
 * @param exited transitions out of the stage, whatever the target
 * @param advanced exits to a stage further along the success path
 * @param balance leads in the stage at the period's end
 * @param velocity time in the stage before the exits that advanced, stays passed through excluded
 * @param slaBreaches leads whose time in the stage ran past its sla during the period; empty for a
 *     stage without an sla
 * @param slaPastDue leads in the stage at the period's end for longer than its sla; empty for a
 *     stage without an sla
 * @param toNext cohort conversion to the next success stage; empty for the last success stage and
 *     for detours
 * @param toLast cohort conversion to the last success stage; empty where {@code toNext} is
 */
public record StageFigures(
        String stage,
        int entered,
        int enteredLeads,
        int exited,
        int advanced,
        int balance,
        Velocity velocity,
        Optional<Integer> slaBreaches,
        Optional<Integer> slaPastDue,
        Optional<Conversion> toNext,
        Optional<Conversion> toLast) {}
