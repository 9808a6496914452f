package dev.stageline.model;

import java.time.Duration;
import java.util.Optional;

/**
 * One named step of a lifecycle model. Success stages form the ordered path a lead should follow;
 * detours sit beside it.
 */
public record Stage(String id, String name, Kind kind, Optional<Duration> sla, boolean terminal) {

    /** Whether a stage lies on the success path or beside it. */
    public enum Kind {
        SUCCESS,
        DETOUR
    }

    public boolean isSuccess() {
        return kind == Kind.SUCCESS;
    }
}
