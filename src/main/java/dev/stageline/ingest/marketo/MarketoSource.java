package dev.stageline.ingest.marketo;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.stageline.engine.LeadEvent;
import dev.stageline.ingest.EventValues;
import dev.stageline.ingest.FormFields;
import dev.stageline.ingest.JsonBodies;
import dev.stageline.ingest.JsonSource;
import dev.stageline.ingest.LeadIds;
import dev.stageline.ingest.RejectedRequest;
import dev.stageline.ingest.SharedSecret;
import dev.stageline.ingest.Source;
import dev.stageline.ingest.SourceConfig;
import dev.stageline.ingest.SourceLimits;
import dev.stageline.ingest.WebhookRequest;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Adobe Marketo Engage webhooks (kind {@code marketo}): one call per lead, from a payload template
 * the user writes as JSON or as a form, posted or sent as a GET with the values in the query
 * string. Marketo signs nothing, so the template's webhook sets a custom header holding the
 * source's secret, checked before anything else is read.
 *
 * <p>Fields are addressed by JSON pointers in both formats: a form field {@code leadId} is {@code
 * /leadId}. The event id joins the lead id with a per-call token, such as {@code
 * {{system.dateTime}}}, because Marketo sends no id of its own.
 *
 * @param header the lower-case name of the header that carries the secret
 * @param callToken the field that tells one call for a lead from the next
 * @param type the field that holds the event type, or empty when {@code eventType} is fixed
 * @param timeZone the zone of a time without an offset, as Marketo's system tokens write it
 * @param attributes attribute name to field; only attributes the model allows are kept
 */
public record MarketoSource(
        String name,
        String secretName,
        String header,
        Format format,
        SourceLimits limits,
        String leadKeyPrefix,
        JsonPointer leadId,
        JsonPointer callToken,
        JsonPointer occurredAt,
        Optional<JsonPointer> type,
        Optional<String> eventType,
        ZoneId timeZone,
        Map<String, JsonPointer> attributes)
        implements Source {

    /** Which payload templates the source reads. */
    public enum Format {
        /** Decided per request by its content type. */
        AUTO,
        JSON,
        FORM
    }

    public static final String DEFAULT_HEADER = "x-stageline-token";

    static final String JSON_TYPE = "application/json";
    static final String FORM_TYPE = "application/x-www-form-urlencoded";

    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
    private static final DateTimeFormatter LOCAL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm:ss[.SSS]", Locale.ROOT);

    public MarketoSource {
        attributes = Map.copyOf(attributes);
    }

    /** Reads a {@code kind: marketo} entry of the sources file. */
    public static MarketoSource fromConfig(SourceConfig config) {
        String format = config.text("format", "auto");
        Format parsed =
                switch (format) {
                    case "auto" -> Format.AUTO;
                    case "json" -> Format.JSON;
                    case "form" -> Format.FORM;
                    default ->
                            throw config.problem(
                                    "'format' is auto, json or form, got '" + format + "'");
                };
        String header = config.text("header", DEFAULT_HEADER).toLowerCase(Locale.ROOT);
        if (!header.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw config.problem("'header' must be an HTTP header name, got '" + header + "'");
        }
        Optional<JsonPointer> type = config.optionalPointer("type");
        Optional<String> eventType = config.optionalText("eventType");
        if (type.isPresent() == eventType.isPresent()) {
            throw config.problem(
                    "give either 'type' (the field holding the event type) or 'eventType' (one"
                            + " type for every call), not both or neither");
        }
        String zone = config.text("timeZone", "UTC");
        ZoneId timeZone;
        try {
            timeZone = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw config.problem("'timeZone': '" + zone + "' is no time zone such as UTC");
        }
        MarketoSource source =
                new MarketoSource(
                        config.name(),
                        config.text("secret"),
                        header,
                        parsed,
                        SourceLimits.from(config),
                        config.text("leadKeyPrefix", config.name() + ":"),
                        config.pointer("leadId"),
                        config.pointer("callToken"),
                        config.pointer("occurredAt"),
                        type,
                        eventType,
                        timeZone,
                        config.pointerMap("attributes"));
        config.finish();
        return source;
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET", "POST");
    }

    @Override
    public Delivery read(WebhookRequest request, Context context) {
        if (!request.method().equals("POST") && !request.method().equals("GET")) {
            throw new RejectedRequest(
                    405,
                    "method_not_allowed",
                    "Marketo webhooks are GET or POST; got "
                            + RejectedRequest.printable(request.method()));
        }
        authenticate(request, context.secret(name, secretName));

        JsonNode fields = request.method().equals("GET") ? query(request) : body(request);
        LeadEvent event = event(fields, context);
        return new Delivery(event.eventId(), List.of(event));
    }

    private void authenticate(WebhookRequest request, String secret) {
        String presented = request.header(header);
        if (presented.isEmpty()) {
            throw RejectedRequest.unauthorized(
                    "missing_token",
                    "the request has no "
                            + header
                            + " header; add it to the webhook with Set Custom Header");
        }
        if (!SharedSecret.matches(secret, presented)) {
            throw RejectedRequest.unauthorized(
                    "bad_token",
                    "the " + header + " header is not the secret of source '" + name + "'");
        }
    }

    private JsonNode query(WebhookRequest request) {
        if (request.query().isEmpty()) {
            throw RejectedRequest.badRequest(
                    "malformed_body",
                    "a GET webhook carries its fields in the query string; it is empty");
        }
        return form(request.query(), "the query string");
    }

    private JsonNode body(WebhookRequest request) {
        String type = request.header("content-type");
        String mediaType = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        boolean json = mediaType.equals(JSON_TYPE) && format != Format.FORM;
        boolean form = mediaType.equals(FORM_TYPE) && format != Format.JSON;
        if (!json && !form) {
            String accepted =
                    switch (format) {
                        case AUTO -> JSON_TYPE + " or " + FORM_TYPE;
                        case JSON -> JSON_TYPE;
                        case FORM -> FORM_TYPE;
                    };
            throw new RejectedRequest(
                    415,
                    "unsupported_content_type",
                    "send "
                            + accepted
                            + " (a Content-Type custom header on the webhook), got '"
                            + RejectedRequest.printable(type)
                            + "'");
        }
        if (json) {
            return json(request.body());
        }
        return form(utf8(request.body()), "the form body");
    }

    private JsonNode json(byte[] body) {
        JsonNode node;
        try {
            node = JsonBodies.forLimits(limits).parse(body);
        } catch (RejectedRequest e) {
            if (!e.getMessage().startsWith("the body is not valid JSON")) {
                throw e;
            }
            throw RejectedRequest.badRequest(
                    "malformed_body",
                    e.getMessage()
                            + ". The body looks broken by an unescaped token: a value holding a"
                            + " quote, backslash or line break ends up in it raw when the"
                            + " webhook's Request Token Encoding is None; set it to JSON");
        }
        if (!node.isObject()) {
            throw RejectedRequest.badRequest(
                    "invalid_body", "the body must be one JSON object, the template's fields");
        }
        return node;
    }

    private JsonNode form(String text, String what) {
        Map<String, List<String>> fields;
        try {
            fields = FormFields.parse(text);
        } catch (IllegalArgumentException e) {
            throw broken(what, e.getMessage());
        }
        if (fields.size() > limits.maxFields()) {
            throw RejectedRequest.badRequest(
                    "too_many_fields",
                    what
                            + " has "
                            + fields.size()
                            + " fields; this source accepts at most "
                            + limits.maxFields());
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        fields.forEach(
                (key, values) -> {
                    if (values.size() > 1) {
                        throw broken(
                                what, "field '" + RejectedRequest.printable(key) + "' repeats");
                    }
                    if (values.getFirst().length() > limits.maxStringLength()) {
                        throw RejectedRequest.badRequest(
                                "malformed_body",
                                "field '"
                                        + RejectedRequest.printable(key)
                                        + "' is longer than "
                                        + limits.maxStringLength()
                                        + " characters");
                    }
                    node.put(key, values.getFirst());
                });
        return node;
    }

    private static RejectedRequest broken(String what, String reason) {
        return RejectedRequest.badRequest(
                "malformed_body",
                what
                        + " looks broken by an unescaped token ("
                        + reason
                        + "): a value holding an ampersand, quote, space or line break ends up in"
                        + " it raw when the webhook's Request Token Encoding is None; set it to"
                        + " Form/Url, or send a JSON template with encoding JSON");
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw RejectedRequest.badRequest("malformed_body", "the form body is not UTF-8");
        }
    }

    private LeadEvent event(JsonNode fields, Context context) {
        String lead = JsonSource.requiredText(fields, leadId, "the lead id");
        String call = JsonSource.requiredText(fields, callToken, "the call token");
        Instant at = instant(fields);
        if (at.isAfter(context.now().plus(FUTURE_TOLERANCE))) {
            throw invalid(occurredAt + " is " + at + ", more than a day in the future");
        }
        String eventTypeName =
                eventType.orElseGet(
                        () ->
                                JsonSource.requiredText(
                                        fields, type.orElseThrow(), "the event type"));

        Map<String, Object> values = new LinkedHashMap<>();
        attributes.forEach(
                (attribute, pointer) -> {
                    if (context.allowedAttributes().contains(attribute)) {
                        JsonSource.scalar(fields.at(pointer), attribute)
                                .ifPresent(value -> values.put(attribute, value));
                    }
                });
        String id = lead + ":" + call;
        if (id.length() > 256) {
            throw invalid("the lead id and call token together are longer than 256 characters");
        }
        return new LeadEvent(
                leadKeyPrefix + LeadIds.pseudonymous(lead), id, at, eventTypeName, values);
    }

    /**
     * An ISO-8601 time with an offset, epoch milliseconds, or a time without an offset as Marketo's
     * {@code {{system.dateTime}}} writes it, read in {@link #timeZone}.
     */
    private Instant instant(JsonNode fields) {
        JsonNode node = fields.at(occurredAt);
        String text =
                node.isIntegralNumber() && node.canConvertToLong()
                        ? node.asText()
                        : JsonSource.requiredText(fields, occurredAt, "occurredAt");
        Instant at = parseTime(text.strip());
        EventValues.timeProblem(at)
                .ifPresent(
                        problem -> {
                            throw invalid(occurredAt + " " + problem);
                        });
        return at;
    }

    private Instant parseTime(String text) {
        if (text.matches("\\d{1,15}")) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            // Not ISO with an offset; Marketo's own tokens have none.
        }
        try {
            return LocalDateTime.parse(text, LOCAL_TIME).atZone(timeZone).toInstant();
        } catch (DateTimeException e) {
            throw invalid(
                    occurredAt
                            + " must be an ISO-8601 date-time, 'yyyy-MM-dd HH:mm:ss' in "
                            + timeZone
                            + " or epoch milliseconds, got '"
                            + RejectedRequest.printable(text)
                            + "'");
        }
    }

    private static RejectedRequest invalid(String message) {
        return RejectedRequest.badRequest("invalid_event", message);
    }
}
