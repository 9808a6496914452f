package dev.stageline.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The stored summary of a lead: its current stage and attributes after the last evaluation. {@code
 * version} increases with every write and guards against two evaluations racing. {@code nextCheck}
 * is when a time rule of its stage would fire next, if one can.
 */
public record LeadState(
        String leadKey,
        Optional<String> stage,
        Map<String, Object> attributes,
        long version,
        Instant updatedAt,
        Optional<Instant> nextCheck) {

    public LeadState {
        attributes = Map.copyOf(attributes);
    }

    /** A state with no time rule pending. */
    public LeadState(
            String leadKey,
            Optional<String> stage,
            Map<String, Object> attributes,
            long version,
            Instant updatedAt) {
        this(leadKey, stage, attributes, version, updatedAt, Optional.empty());
    }
}
