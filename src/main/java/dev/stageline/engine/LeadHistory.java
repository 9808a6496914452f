package dev.stageline.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine makes of a lead's events: its transitions in order, the stage it ends in and
 * its attributes after the last event.
 */
public record LeadHistory(
        String leadKey, List<Transition> transitions, Optional<String> stage, Map<String, Object> attributes) {

    public LeadHistory {
        transitions = List.copyOf(transitions);
        attributes = Map.copyOf(attributes);
    }
}
