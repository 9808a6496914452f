package dev.stageline.engine;

import java.util.Map;
import java.util.Objects;

/**
 * What a rule's condition is evaluated against: the lead's attributes after the event being
 * applied, its attributes before that event, and the event's type. Attribute values are strings,
 * {@link java.math.BigDecimal}s or booleans; a field the lead does not have is an absent key.
 *
 * <pre>{@code
 * RuleContext context = new RuleContext(
 *         Map.of("score", new BigDecimal("70")), Map.of("score", new BigDecimal("40")),
 *         "form_submitted");
 * }</pre>
 */
public record RuleContext(
        Map<String, Object> attributes, Map<String, Object> previousAttributes, String eventType) {

    public RuleContext {
        attributes = Map.copyOf(attributes);
        previousAttributes = Map.copyOf(previousAttributes);
        Objects.requireNonNull(eventType, "eventType");
    }
}
