package dev.stageline.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a lead stands in time when a rule is tested: the stage it is in (by display name), since
 * when, and the instant of the test. Time tests ({@code in_stage_for}) compare {@link #elapsed()}
 * with their duration.
 */
public record StageTime(String stageName, Instant since, Instant at) {

    public Duration elapsed() {
        return Duration.between(since, at);
    }
}
