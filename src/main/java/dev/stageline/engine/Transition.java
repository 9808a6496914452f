package dev.stageline.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A lead leaving one stage (or none, on its first entry) for another at an instant, with the rule
 * and the values that caused it.
 *
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
        String eventId,
        boolean passedThrough,
        List<TestOutcome> explanation) {

    public Transition {
        explanation = List.copyOf(explanation);
    }
}
