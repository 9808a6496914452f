package dev.stageline.model;

import java.time.Duration;
import java.util.List;

/**
 * The test a rule applies to a lead after an event. Conditions are data, read from the model file,
 * so that a non-programmer can read them; {@code dev.stageline.engine} evaluates them.
 */
public sealed interface Condition {

    /** Holds when every part holds; an empty list always holds. */
    record All(List<Condition> parts) implements Condition {}

    /** Holds when at least one part holds. */
    record Any(List<Condition> parts) implements Condition {}

    /** Holds when its part does not. */
    record Not(Condition part) implements Condition {}

    /**
     * Tests one attribute of the lead. {@code operands} holds the operator's arguments as written
     * in the model (strings, numbers or booleans): one for {@code eq}, several for {@code in}, two
     * for {@code between}, none for {@code exists} and {@code changed}.
     */
    record FieldTest(String field, Operator operator, List<Object> operands, boolean caseSensitive)
            implements Condition {}

    /** Holds when the type of the event being applied is one of {@code types}. */
    record EventTest(List<String> types) implements Condition {}

    /**
     * Holds once the lead has been in its current stage for at least {@code duration}; never for a
     * lead in no stage. A rule with such a test is also checked between events, by the scheduled
     * run, at the instant the time test becomes true.
     */
    record InStageFor(Duration duration) implements Condition {}
}
