package dev.stageline.engine;

import static dev.stageline.engine.AttributeComparison.compare;
import static dev.stageline.engine.AttributeComparison.equal;
import static dev.stageline.engine.AttributeComparison.fold;
import static dev.stageline.engine.AttributeComparison.text;

import dev.stageline.model.Condition.FieldTest;
import dev.stageline.model.Operator;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiPredicate;
import java.util.function.IntPredicate;

/**
 * What each operator of a field test means, as {@code spec/lifecycle.md} lists them.
 *
 * <p>On an absent field only {@code ne} holds: the lead's value is certainly not the operand, while
 * nothing else can be said of a value that is not there. A test whose operands do not fit its
 * operator (two for {@code eq}, one for {@code between}) does not hold; the model loader is where
 * such a test is rejected.
 */
final class FieldTestOperators {

    private FieldTestOperators() {}

    static boolean holds(FieldTest test, RuleContext context) {
        Optional<Object> current = current(test, context);
        if (current.isEmpty()) {
            return test.operator() == Operator.NE;
        }

        Object value = current.get();
        boolean caseSensitive = test.caseSensitive();
        List<Object> operands = test.operands();
        Optional<Object> operand = onlyOperand(operands);
        return switch (test.operator()) {
            case EQ -> operand.filter(o -> equal(value, o, caseSensitive)).isPresent();
            case NE -> operand.filter(o -> !equal(value, o, caseSensitive)).isPresent();
            case IN -> operands.stream().anyMatch(o -> equal(value, o, caseSensitive));
            case NOT_IN -> operands.stream().noneMatch(o -> equal(value, o, caseSensitive));
            case CONTAINS -> textHolds(value, operand, caseSensitive, String::contains);
            case STARTS_WITH -> textHolds(value, operand, caseSensitive, String::startsWith);
            case ENDS_WITH -> textHolds(value, operand, caseSensitive, String::endsWith);
            case GT -> ordered(value, operand, caseSensitive, order -> order > 0);
            case GTE -> ordered(value, operand, caseSensitive, order -> order >= 0);
            case LT -> ordered(value, operand, caseSensitive, order -> order < 0);
            case LTE -> ordered(value, operand, caseSensitive, order -> order <= 0);
            case BETWEEN -> between(value, operands, caseSensitive);
            case EXISTS -> !(value instanceof String text && text.isEmpty());
            case CHANGED -> changed(test, context, value);
            case CHANGED_TO ->
                    changed(test, context, value)
                            && operand.filter(o -> equal(value, o, caseSensitive)).isPresent();
            case MATCHES ->
                    operand.filter(o -> BoundedRegex.find(text(o), caseSensitive, text(value)))
                            .isPresent();
        };
    }

    /** The value of the field after the event, if it has one. */
    static Optional<Object> current(FieldTest test, RuleContext context) {
        return Optional.ofNullable(context.attributes().get(test.field()));
    }

    /** The value the field had before the event, if it had one. */
    static Optional<Object> previous(FieldTest test, RuleContext context) {
        return Optional.ofNullable(context.previousAttributes().get(test.field()));
    }

    private static Optional<Object> onlyOperand(List<Object> operands) {
        return operands.size() == 1 ? Optional.ofNullable(operands.get(0)) : Optional.empty();
    }

    private static boolean textHolds(
            Object value,
            Optional<Object> operand,
            boolean caseSensitive,
            BiPredicate<String, String> accepts) {
        return operand.filter(
                        o ->
                                accepts.test(
                                        fold(text(value), caseSensitive),
                                        fold(text(o), caseSensitive)))
                .isPresent();
    }

    private static boolean ordered(
            Object value, Optional<Object> operand, boolean caseSensitive, IntPredicate accepts) {
        if (operand.isEmpty()) {
            return false;
        }
        OptionalInt order = compare(value, operand.get(), caseSensitive);
        return order.isPresent() && accepts.test(order.getAsInt());
    }

    private static boolean between(Object value, List<Object> operands, boolean caseSensitive) {
        if (operands.size() != 2) {
            return false;
        }
        return ordered(value, Optional.ofNullable(operands.get(0)), caseSensitive, o -> o >= 0)
                && ordered(value, Optional.ofNullable(operands.get(1)), caseSensitive, o -> o <= 0);
    }

    /** Newly set counts as changed; a change only in letter case does not, unless sensitive. */
    private static boolean changed(FieldTest test, RuleContext context, Object value) {
        return previous(test, context)
                .map(before -> !equal(before, value, test.caseSensitive()))
                .orElse(true);
    }
}
