package dev.stageline.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Optional;

/**
 * Reads the fields of one HubSpot event, each refused with a 400 naming the field when it is
 * missing or not what HubSpot sends: ids and times are whole numbers, names are short text.
 */
final class HubSpotValues {

    /** HubSpot ids are positive 64-bit numbers; a longer run of digits is no id. */
    private static final int MAX_ID_DIGITS = 19;

    private static final int MAX_NAME = 256;

    private HubSpotValues() {}

    /** A required text field such as {@code subscriptionType} or {@code propertyName}. */
    static String text(JsonNode item, String field) {
        JsonNode node = item.path(field);
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw invalid(field + " must be a non-empty string");
        }
        String text = node.textValue();
        if (text.length() > MAX_NAME) {
            throw invalid(field + " is longer than " + MAX_NAME + " characters");
        }
        EventValues.idProblem(text)
                .ifPresent(
                        problem -> {
                            throw invalid(field + " " + problem);
                        });
        return text;
    }

    /** A required id or time field, as the digits of a non-negative whole number. */
    static String field(JsonNode item, String field) {
        return optionalField(item, field).orElseThrow(() -> invalid(field + " is missing"));
    }

    /** An optional id field; absent or null reads as empty. */
    static Optional<String> optionalField(JsonNode item, String field) {
        JsonNode node = item.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        return Optional.of(wholeNumber(node, field));
    }

    /**
     * {@code node} as the digits of a non-negative whole number (a number or a string of digits).
     */
    static String wholeNumber(JsonNode node, String what) {
        String digits;
        if (node.isIntegralNumber()) {
            digits = node.bigIntegerValue().toString();
        } else if (node.isTextual()) {
            digits = node.textValue();
        } else {
            throw invalid(what + " must be a whole number");
        }
        if (digits.isEmpty()
                || digits.length() > MAX_ID_DIGITS
                || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(what + " must be a whole number of 1 to " + MAX_ID_DIGITS + " digits");
        }
        return digits;
    }

    /**
     * The new value of a property change. HubSpot sends values as strings; a number or a boolean is
     * taken as its text, and a cleared property (null) as the empty string.
     */
    static String propertyValue(JsonNode item, String attribute) {
        JsonNode node = item.path("propertyValue");
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (!node.isValueNode()) {
            throw invalid("propertyValue must be a string, not an object or array");
        }
        String value = node.asText();
        if (value.length() > JsonSource.MAX_TEXT) {
            throw invalid(
                    "propertyValue for "
                            + attribute
                            + " is longer than "
                            + JsonSource.MAX_TEXT
                            + " characters");
        }
        EventValues.attributeProblem(value)
                .ifPresent(
                        problem -> {
                            throw invalid("propertyValue for " + attribute + " " + problem);
                        });
        return value;
    }

    /** {@code occurredAt} in epoch milliseconds, neither before 1990 nor more than a day ahead. */
    static Instant occurredAt(JsonNode item, Instant now) {
        Instant at;
        try {
            at = Instant.ofEpochMilli(Long.parseLong(field(item, "occurredAt")));
        } catch (NumberFormatException e) {
            throw invalid("occurredAt is too large for epoch milliseconds");
        }
        return EventTime.checked(at, "occurredAt", now);
    }

    private static RejectedRequest invalid(String message) {
        return RejectedRequest.badRequest("invalid_event", message);
    }
}
