package dev.stageline.engine;

import static dev.stageline.engine.AttributeComparison.display;

import dev.stageline.model.Condition;
import dev.stageline.model.Condition.All;
import dev.stageline.model.Condition.Any;
import dev.stageline.model.Condition.EventTest;
import dev.stageline.model.Condition.FieldTest;
import dev.stageline.model.Condition.InStageFor;
import dev.stageline.model.Condition.Not;
import dev.stageline.model.Operator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides whether a rule's condition holds for a lead after an event, and says why.
 *
 * <pre>{@code
 * ConditionResult result = ConditionEvaluator.evaluate(rule.condition(), context);
 * if (result.held()) {
 *     // result.outcomes() becomes the transition's explanation
 * }
 * }</pre>
 *
 * <p>Every leaf test is evaluated, even where {@code all} or {@code any} already knows its answer,
 * so that an explanation shows each test of the condition with the value it saw. A test under
 * {@code not} is listed as its negation, {@code not (lead_status eq working)}, holding when the
 * test itself did not, so that a rule that fired never shows an unmet check it needed; under two
 * {@code not}s it reads as itself again. Outcomes read like the model file: {@code score gte 50},
 * {@code lead_status in [qualified, sales qualified]}, {@code event in [demo_requested]}; see
 * {@link AttributeComparison} for how values of different types compare.
 *
 * <p>Evaluation is pure and thread-safe, and never throws for any value a lead may have.
 */
public final class ConditionEvaluator {

    /** What an explanation shows for a field the lead does not have. */
    public static final String ABSENT = "(absent)";

    /** What an event test saw when no event is being applied (time passing, a look ahead). */
    public static final String NO_EVENT = "(no event)";

    private ConditionEvaluator() {}

    public static ConditionResult evaluate(Condition condition, RuleContext context) {
        List<TestOutcome> outcomes = new ArrayList<>();
        boolean held = evaluate(condition, context, outcomes, false);
        return new ConditionResult(held, outcomes);
    }

    /**
     * @param negated whether {@code condition} sits under an odd number of {@code not}s, so that
     *     its tests are explained as their negations
     */
    private static boolean evaluate(
            Condition condition, RuleContext context, List<TestOutcome> outcomes, boolean negated) {
        return switch (condition) {
            case All all -> {
                // &= and |= rather than && and ||: every part is evaluated, so it is explained.
                boolean held = true;
                for (Condition part : all.parts()) {
                    held &= evaluate(part, context, outcomes, negated);
                }
                yield held;
            }
            case Any any -> {
                boolean held = false;
                for (Condition part : any.parts()) {
                    held |= evaluate(part, context, outcomes, negated);
                }
                yield held;
            }
            case Not not -> !evaluate(not.part(), context, outcomes, !negated);
            case FieldTest test ->
                    record(
                            outcomes,
                            new TestOutcome(
                                    describe(test),
                                    seen(test, context),
                                    FieldTestOperators.holds(test, context)),
                            negated);
            case EventTest test ->
                    record(
                            outcomes,
                            new TestOutcome(
                                    "event in " + list(test.types()),
                                    context.eventType().isEmpty()
                                            ? NO_EVENT
                                            : display(context.eventType()),
                                    test.types().stream()
                                            .anyMatch(context.eventType()::equalsIgnoreCase)),
                            negated);
            case InStageFor test -> record(outcomes, timeOutcome(test, context), negated);
        };
    }

    /**
     * A time test's outcome; what it saw reads like "in MQL since 2026-01-01T10:00:00Z, 30 days by
     * 2026-01-31T10:00:00Z", or "not until ..." while the lead has not been there long enough.
     */
    private static TestOutcome timeOutcome(InStageFor test, RuleContext context) {
        String asked = "in_stage_for " + describe(test.duration());
        if (context.stageTime().isEmpty()) {
            return new TestOutcome(asked, "(no stage)", false);
        }
        StageTime time = context.stageTime().get();
        boolean held = time.elapsed().compareTo(test.duration()) >= 0;
        String seen =
                "in "
                        + time.stageName()
                        + " since "
                        + time.since()
                        + ", "
                        + describe(test.duration())
                        + (held ? " by " : " not until ")
                        + time.since().plus(test.duration());
        return new TestOutcome(asked, seen, held);
    }

    /** Whole days in words ({@code 30 days}), anything else as ISO-8601 ({@code PT4H}). */
    static String describe(Duration duration) {
        if (duration.equals(Duration.ofDays(duration.toDays()))) {
            long days = duration.toDays();
            return days == 1 ? "1 day" : days + " days";
        }
        return duration.toString();
    }

    /**
     * Lists the outcome (as its negation when {@code negated}) and returns the test's own result,
     * which the enclosing {@code not} then inverts.
     */
    private static boolean record(
            List<TestOutcome> outcomes, TestOutcome outcome, boolean negated) {
        outcomes.add(
                negated
                        ? new TestOutcome(
                                "not (" + outcome.test() + ")", outcome.seen(), !outcome.held())
                        : outcome);
        return outcome.held();
    }

    /** The test as the model file reads: field, operator keyword, operands. */
    private static String describe(FieldTest test) {
        String operands = describeOperands(test.operator(), test.operands());
        String text = test.field() + " " + test.operator().keyword() + operands;
        return test.caseSensitive() ? text + " (case sensitive)" : text;
    }

    private static String describeOperands(Operator operator, List<Object> operands) {
        if (operator == Operator.IN || operator == Operator.NOT_IN) {
            return " " + list(operands);
        }
        if (operator == Operator.BETWEEN && operands.size() == 2) {
            return " " + display(operands.get(0)) + " and " + display(operands.get(1));
        }
        return switch (operands.size()) {
            case 0 -> "";
            case 1 -> " " + display(operands.get(0));
            default -> " " + list(operands);
        };
    }

    private static String list(List<?> values) {
        return values.stream()
                .map(AttributeComparison::display)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * The value the test saw; for {@code changed} and {@code changed_to} the value before the event
     * as well, as {@code 40 -> 70}.
     */
    private static String seen(FieldTest test, RuleContext context) {
        Optional<Object> now = FieldTestOperators.current(test, context);
        if (now.isEmpty()) {
            return ABSENT;
        }

        String shown = display(now.get());
        if (test.operator() != Operator.CHANGED && test.operator() != Operator.CHANGED_TO) {
            return shown;
        }
        String before =
                FieldTestOperators.previous(test, context)
                        .map(AttributeComparison::display)
                        .orElse(ABSENT);
        return before + " -> " + shown;
    }
}
