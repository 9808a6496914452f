package dev.stageline.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The stored summary of a lead: its current stage and attributes after the last evaluation. {@code
 * version} increases with every write and guards against two evaluations racing.
 */
public record LeadState(
        String leadKey,
        Optional<String> stage,
        Map<String, Object> attributes,
        long version,
        Instant updatedAt) {

    public LeadState {
        attributes = Map.copyOf(attributes);
    }
}
