package dev.stageline.ingest;

import dev.stageline.engine.LeadEvent;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How the fields of a form submission become a lead event, configured per source by field names:
 * which field holds the lead id, the event id, the time and the type, and which fields become which
 * attributes. The fields that identify must have one value each; an attribute whose field repeats
 * takes the last value, as most web frameworks read forms.
 *
 * @param leadKeyPrefix prepended to the lead id, usually the source name and a colon
 * @param eventId the field holding the event id; when absent, the source supplies one
 * @param occurredAt the field holding the time; when absent, the source supplies one
 * @param type the field holding the event type; when absent, every event has {@code eventType}
 * @param attributes attribute name to field name; only attributes the model allows are kept
 */
public record FieldMapping(
        String leadKeyPrefix,
        String leadKey,
        Optional<String> eventId,
        Optional<String> occurredAt,
        Optional<String> type,
        String eventType,
        Map<String, String> attributes) {

    public static final String DEFAULT_TYPE = "form_submitted";

    public FieldMapping {
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** Reads the mapping keys of a form-like source's entry. */
    static FieldMapping fromConfig(SourceConfig config) {
        Optional<String> type = config.optionalText("type");
        Optional<String> fixedType = config.optionalText("eventType");
        if (type.isPresent() && fixedType.isPresent()) {
            throw config.problem(
                    "give either 'type' (the field holding the type) or 'eventType' (one type for"
                            + " every submission), not both");
        }
        return new FieldMapping(
                config.text("leadKeyPrefix", config.name() + ":"),
                config.text("leadKey"),
                config.optionalText("eventId"),
                config.optionalText("occurredAt"),
                type,
                fixedType.orElse(DEFAULT_TYPE),
                config.textMap("attributes"));
    }

    /**
     * Maps one submission.
     *
     * @param fallbackId the event id when the mapping names no event id field
     * @param fallbackTime the time when the mapping names no time field
     * @throws RejectedRequest 400 naming the field that is missing, repeated or unusable
     */
    public LeadEvent event(
            SubmittedFields fields,
            Supplier<String> fallbackId,
            Supplier<Instant> fallbackTime,
            Set<String> allowed,
            Instant now) {
        String lead = identifier(fields, leadKey, "the lead id");
        String id =
                eventId.map(field -> identifier(fields, field, "the event id"))
                        .orElseGet(fallbackId);
        Instant at = occurredAt.map(field -> instant(fields, field)).orElseGet(fallbackTime);
        EventValues.timeProblem(at)
                .ifPresent(
                        problem -> {
                            throw invalid("the time " + problem);
                        });
        if (at.isAfter(now.plus(JsonSource.FUTURE_TOLERANCE))) {
            throw invalid("the time is " + at + ", more than a day in the future");
        }
        String eventTypeName =
                type.map(field -> identifier(fields, field, "the event type")).orElse(eventType);

        Map<String, Object> values = new LinkedHashMap<>();
        attributes.forEach(
                (attribute, field) -> {
                    if (allowed.contains(attribute)) {
                        fields.last(field)
                                .map(value -> attributeValue(attribute, value))
                                .ifPresent(value -> values.put(attribute, value));
                    }
                });
        return new LeadEvent(
                leadKeyPrefix + LeadIds.pseudonymous(lead), id, at, eventTypeName, values);
    }

    private static String identifier(SubmittedFields fields, String field, String what) {
        String where = what + " (field '" + RejectedRequest.printable(field) + "')";
        Object value = fields.single(field).orElseThrow(() -> invalid(where + " is missing"));
        String text =
                switch (value) {
                    case String s -> s.strip();
                    case BigDecimal n when n.stripTrailingZeros().scale() <= 0 ->
                            n.toBigIntegerExact().toString();
                    default -> throw invalid(where + " must be text or a whole number");
                };
        if (text.isEmpty() || text.codePointCount(0, text.length()) > 256) {
            throw invalid(where + " must be 1 to 256 characters");
        }
        EventValues.idProblem(text)
                .ifPresent(
                        problem -> {
                            throw invalid(where + " " + problem);
                        });
        return text;
    }

    private static Instant instant(SubmittedFields fields, String field) {
        String where = "the time (field '" + RejectedRequest.printable(field) + "')";
        Object value = fields.single(field).orElseThrow(() -> invalid(where + " is missing"));
        String text = value.toString().strip();
        if (text.matches("[0-9]{1,18}")) {
            return Instant.ofEpochMilli(new BigInteger(text).longValueExact());
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw invalid(
                    where
                            + " must be an ISO-8601 date-time with an offset or epoch"
                            + " milliseconds, got '"
                            + RejectedRequest.printable(text)
                            + "'");
        }
    }

    private static Object attributeValue(String attribute, Object value) {
        switch (value) {
            case String text -> {
                if (text.length() > JsonSource.MAX_TEXT) {
                    throw invalid(
                            "attribute "
                                    + attribute
                                    + " is longer than "
                                    + JsonSource.MAX_TEXT
                                    + " characters");
                }
                EventValues.attributeProblem(text)
                        .ifPresent(
                                problem -> {
                                    throw invalid("attribute " + attribute + " " + problem);
                                });
            }
            case BigDecimal number ->
                    EventValues.numberProblem(number)
                            .ifPresent(
                                    problem -> {
                                        throw invalid("attribute " + attribute + " " + problem);
                                    });
            default -> {}
        }
        return value;
    }

    private static RejectedRequest invalid(String message) {
        return RejectedRequest.badRequest("invalid_event", message);
    }
}
