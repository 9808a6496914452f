package dev.stageline.engine;

import java.util.List;

/**
 * Whether a condition held, with every leaf test that was evaluated in the order it appears in the
 * condition: the explanation a transition records.
 */
public record ConditionResult(boolean held, List<TestOutcome> outcomes) {

    public ConditionResult {
        outcomes = List.copyOf(outcomes);
    }
}
