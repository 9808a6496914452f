package dev.stageline.store;

import dev.stageline.engine.DimensionValue;
import dev.stageline.engine.LeadEvent;
import dev.stageline.engine.Transition;

import java.util.List;
import java.util.Optional;

/**
 * Everything stored for one lead, read in one consistent read of its state item.
 *
 * @param mergedInto set when this key was merged into another lead: the state is then a pointer,
 *     with no events and no transitions of its own
 * @param mergedKeys the other keys whose events this lead's state holds, in key order
 */
public record LeadRecord(
        String leadKey,
        List<LeadEvent> events,
        Optional<LeadState> state,
        List<Transition> transitions,
        List<DimensionValue> dimensions,
        Optional<String> mergedInto,
        List<String> mergedKeys) {

    public LeadRecord {
        events = List.copyOf(events);
        transitions = List.copyOf(transitions);
        dimensions = List.copyOf(dimensions);
        mergedKeys = List.copyOf(mergedKeys);
    }

    /** A lead that has not been merged with any other. */
    public LeadRecord(
            String leadKey,
            List<LeadEvent> events,
            Optional<LeadState> state,
            List<Transition> transitions,
            List<DimensionValue> dimensions) {
        this(leadKey, events, state, transitions, dimensions, Optional.empty(), List.of());
    }

    public boolean exists() {
        return !events.isEmpty() || state.isPresent();
    }

    /** Whether this key's state still holds events of its own, not yet moved to another lead. */
    public boolean holdsEvents() {
        return mergedInto.isEmpty() && !events.isEmpty();
    }
}
