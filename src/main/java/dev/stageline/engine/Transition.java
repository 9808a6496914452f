package dev.stageline.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A lead leaving one stage (or none, on its first entry) for another at an instant, with the rule
 * and the values that caused it.
 *
 * @param eventId the event whose arrival caused the move; empty when a time rule fired between
 *     events, at the instant its time test became true
 * @param passedThrough true when {@code to} was only passed through: entered and left at the same
 *     instant because a rule jumped over it
 * @param explanation each test of the rule's condition with the value it saw
 */
public record Transition(
        String leadKey,
        Optional<String> from,
        String to,
        Instant at,
        String ruleId,
        Optional<String> eventId,
        boolean passedThrough,
        List<TestOutcome> explanation) {

    public Transition {
        explanation = List.copyOf(explanation);
    }
}
