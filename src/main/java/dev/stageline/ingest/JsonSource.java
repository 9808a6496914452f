package dev.stageline.ingest;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import dev.stageline.engine.LeadEvent;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A sender of JSON lead events whose fields are found by JSON pointers, configured per source. A
 * body is one event object or an array of them; every event must map cleanly or the whole body is
 * refused, so that a sender never has half a batch stored.
 *
 * @param secretName the reference of the Standard Webhooks secret that signs the source's requests
 * @param leadKeyPrefix prepended to the lead id, usually the source name and a colon
 * @param eventId where the event id is; when absent, the delivery id and the event's position
 * @param attributes attribute name to pointer; only attributes the model allows are kept
 * @param aliases where the other lead keys of the person are, whole keys that the prefix is not
 *     put before (see {@link AliasValues})
 */
public record JsonSource(
        String name,
        String secretName,
        SourceLimits limits,
        String leadKeyPrefix,
        JsonPointer leadKey,
        Optional<JsonPointer> eventId,
        JsonPointer occurredAt,
        JsonPointer type,
        Map<String, JsonPointer> attributes,
        Optional<JsonPointer> aliases) implements Source {

    /** Events dated further ahead than this are refused as a sender's clock or mapping error. */
    static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    static final int MAX_TEXT = 4_096;

    public JsonSource {
        attributes = Map.copyOf(attributes);
    }

    /** Reads a {@code kind: json} entry of the sources file. */
    static JsonSource fromConfig(SourceConfig config) {
        JsonSource source =
                new JsonSource(
                        config.name(),
                        config.text("secret"),
                        SourceLimits.from(config),
                        config.text("leadKeyPrefix", config.name() + ":"),
                        config.pointer("leadKey"),
                        config.optionalPointer("eventId"),
                        config.pointer("occurredAt"),
                        config.pointer("type"),
                        config.pointerMap("attributes"),
                        config.optionalPointer("aliases"));
        config.finish();
        return source;
    }

    @Override
    public Delivery read(WebhookRequest request, Context context) {
        JsonBodies.requireJson(request);
        StandardWebhooks scheme = scheme(context.secret(name, secretName));
        String deliveryId = scheme.verify(request.headers(), request.body(), context.now());
        JsonNode body = JsonBodies.forLimits(limits).parse(request.body());
        return new Delivery(
                deliveryId, events(body, deliveryId, context.allowedAttributes(), context.now()));
    }

    @Override
    public List<String> configurationProblems(
            java.util.function.Function<String, Optional<String>> secrets) {
        List<String> problems = new ArrayList<>();
        secrets.apply(secretName)
                .ifPresent(
                        secret -> {
                            try {
                                StandardWebhooks.fromSecret(secret);
                            } catch (IllegalArgumentException e) {
                                problems.add(
                                        secretName + " is not a usable secret: " + e.getMessage());
                            }
                        });
        return problems;
    }

    private StandardWebhooks scheme(String secret) {
        try {
            return StandardWebhooks.fromSecret(secret);
        } catch (IllegalArgumentException e) {
            throw new RejectedRequest(
                    503,
                    "source_unavailable",
                    "source '"
                            + name
                            + "' has an unusable secret ("
                            + secretName
                            + "); its operator must fix it");
        }
    }

    /**
     * Maps a parsed body to events, keeping only {@code allowed} attributes.
     *
     * @throws RejectedRequest naming every problem found (up to ten) when any event is bad
     */
    public List<LeadEvent> events(
            JsonNode body, String deliveryId, Set<String> allowed, Instant now) {
        List<JsonNode> items = items(body);
        List<LeadEvent> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String where = items.size() == 1 && !body.isArray() ? "" : "event " + i + ": ";
            try {
                events.add(event(items.get(i), deliveryId, i, allowed, now));
            } catch (RejectedRequest e) {
                problems.add(where + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw EventValues.nothingStored(problems);
        }
        return events;
    }

    private List<JsonNode> items(JsonNode body) {
        if (body.isObject()) {
            return List.of(body);
        }
        if (!body.isArray()) {
            throw RejectedRequest.badRequest(
                    "invalid_body", "the body must be a JSON object or an array of objects");
        }
        return JsonBodies.eventArray(body, limits);
    }

    private LeadEvent event(
            JsonNode item, String deliveryId, int index, Set<String> allowed, Instant now) {
        String lead = requiredText(item, leadKey, "the lead id");
        String id =
                eventId.isPresent()
                        ? requiredText(item, eventId.get(), "the event id")
                        : deliveryId + "#" + index;
        Instant at = EventTime.checked(instant(item), occurredAt.toString(), now);
        String eventType = requiredText(item, type, "the event type");

        Map<String, Object> values = new LinkedHashMap<>();
        for (var attribute : attributes.entrySet()) {
            if (allowed.contains(attribute.getKey())) {
                scalar(item.at(attribute.getValue()), attribute.getKey())
                        .ifPresent(value -> values.put(attribute.getKey(), value));
            }
        }
        List<String> others =
                aliases.map(pointer -> AliasValues.read(item, pointer, eventType))
                        .orElse(List.of());
        return new LeadEvent(
                leadKeyPrefix + LeadIds.pseudonymous(lead), id, at, eventType, values, others);
    }

    private Instant instant(JsonNode item) {
        JsonNode node = item.at(occurredAt);
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw RejectedRequest.badRequest(
                        "invalid_event",
                        occurredAt
                                + " is too large for epoch milliseconds: "
                                + abbreviate(node.asText()));
            }
            return Instant.ofEpochMilli(node.longValue());
        }
        String text = requiredText(item, occurredAt, "occurredAt");
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw RejectedRequest.badRequest(
                    "invalid_event",
                    occurredAt
                            + " must be an ISO-8601 "
                            + "date-time with an offset or epoch milliseconds, got '"
                            + abbreviate(text)
                            + "'");
        }
    }

    public static String requiredText(JsonNode item, JsonPointer pointer, String what) {
        JsonNode node = item.at(pointer);
        if (node.isMissingNode() || node.isNull()) {
            throw RejectedRequest.badRequest(
                    "invalid_event", what + " (" + pointer + ") is missing");
        }
        if (!node.isTextual() && !node.isIntegralNumber()) {
            throw RejectedRequest.badRequest(
                    "invalid_event",
                    what + " (" + pointer + ") must be a string or a whole number");
        }
        String text =
                node.isTextual() ? node.textValue().strip() : node.bigIntegerValue().toString();
        if (text.isEmpty() || text.codePointCount(0, text.length()) > 256) {
            throw RejectedRequest.badRequest(
                    "invalid_event", what + " (" + pointer + ") must be 1 to 256 characters");
        }
        EventValues.idProblem(text)
                .ifPresent(
                        problem -> {
                            throw RejectedRequest.badRequest(
                                    "invalid_event", what + " (" + pointer + ") " + problem);
                        });
        return text;
    }

    public static Optional<Object> scalar(JsonNode node, String name) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            if (node.textValue().length() > MAX_TEXT) {
                throw RejectedRequest.badRequest(
                        "invalid_event",
                        "attribute " + name + " is longer than " + MAX_TEXT + " characters");
            }
            EventValues.attributeProblem(node.textValue())
                    .ifPresent(
                            problem -> {
                                throw RejectedRequest.badRequest(
                                        "invalid_event", "attribute " + name + " " + problem);
                            });
            return Optional.of(node.textValue());
        }
        if (node.isNumber()) {
            if (!node.isBigDecimal()
                    && !node.isIntegralNumber()
                    && !Double.isFinite(node.doubleValue())) {
                throw RejectedRequest.badRequest(
                        "invalid_event", "attribute " + name + " is not a finite number");
            }
            java.math.BigDecimal number = node.decimalValue();
            EventValues.numberProblem(number)
                    .ifPresent(
                            problem -> {
                                throw RejectedRequest.badRequest(
                                        "invalid_event", "attribute " + name + " " + problem);
                            });
            return Optional.of(number);
        }
        if (node.isBoolean()) {
            return Optional.of(node.booleanValue());
        }
        throw RejectedRequest.badRequest(
                "invalid_event",
                "attribute "
                        + name
                        + " must be a string, number or boolean, not an object or array");
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
