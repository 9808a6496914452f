package dev.stageline.engine;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a rule's condition is evaluated against: the lead's attributes after the event being
 * applied, its attributes before that event, the event's type (empty when a rule is tested between
 * events, as time rules are), and how long the lead has been in its stage (empty before its first
 * stage). Attribute values are strings, {@link java.math.BigDecimal}s or booleans; a field the lead
 * does not have is an absent key.
 *
 * <pre>{@code
 * RuleContext context = new RuleContext(
 *         Map.of("score", new BigDecimal("70")), Map.of("score", new BigDecimal("40")),
 *         "form_submitted");
 * }</pre>
 */
public record RuleContext(
        Map<String, Object> attributes,
        Map<String, Object> previousAttributes,
        String eventType,
        Optional<StageTime> stageTime) {

    public RuleContext {
        attributes = Map.copyOf(attributes);
        previousAttributes = Map.copyOf(previousAttributes);
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(stageTime, "stageTime");
    }

    /** A context in which no time test holds, for a lead not yet in a stage. */
    public RuleContext(
            Map<String, Object> attributes,
            Map<String, Object> previousAttributes,
            String eventType) {
        this(attributes, previousAttributes, eventType, Optional.empty());
    }
}
