package dev.stageline.store;

import dev.stageline.engine.LeadEvent;
import dev.stageline.engine.Transition;

import java.util.List;
import java.util.Optional;

/** Everything stored for one lead, read in one consistent query of its partition. */
public record LeadRecord(
        String leadKey,
        List<LeadEvent> events,
        Optional<LeadState> state,
        List<Transition> transitions) {

    public LeadRecord {
        events = List.copyOf(events);
        transitions = List.copyOf(transitions);
    }

    public boolean exists() {
        return !events.isEmpty() || state.isPresent();
    }
}
