package dev.stageline.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine makes of a lead's events: its transitions in order, the stage it ends in, its
 * attributes after the last event, and each change of a reporting dimension's value, in order, for
 * reports broken down by dimension. {@code nextCheck} is the first instant after the evaluation's
 * {@code asOf} at which a time rule of the current stage would fire if no event came first: when
 * the scheduled run should look at the lead again.
 */
public record LeadHistory(
        String leadKey,
        List<Transition> transitions,
        Optional<String> stage,
        Map<String, Object> attributes,
        List<DimensionValue> dimensions,
        Optional<Instant> nextCheck) {

    public LeadHistory {
        transitions = List.copyOf(transitions);
        attributes = Map.copyOf(attributes);
        dimensions = List.copyOf(dimensions);
    }

    /** The history of a lead with no events: no stage, no transitions. */
    public static LeadHistory empty(String leadKey) {
        return new LeadHistory(
                leadKey, List.of(), Optional.empty(), Map.of(), List.of(), Optional.empty());
    }
}
