package dev.stageline.store;

import dev.stageline.engine.DimensionValue;
import dev.stageline.engine.LeadEvent;
import dev.stageline.engine.Transition;

import java.util.List;
import java.util.Optional;

/** Everything stored for one lead, read in one consistent query of its partition. */
public record LeadRecord(
        String leadKey,
        List<LeadEvent> events,
        Optional<LeadState> state,
        List<Transition> transitions,
        List<DimensionValue> dimensions) {

    public LeadRecord {
        events = List.copyOf(events);
        transitions = List.copyOf(transitions);
        dimensions = List.copyOf(dimensions);
    }

    public boolean exists() {
        return !events.isEmpty() || state.isPresent();
    }
}
