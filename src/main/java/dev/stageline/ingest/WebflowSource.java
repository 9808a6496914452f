package dev.stageline.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import dev.stageline.engine.LeadEvent;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Webflow's {@code form_submission} webhook: signed JSON ({@link WebflowSignature}) whose {@code
 * payload.data} holds the form's fields by name, {@code payload.id} the submission's id and {@code
 * payload.submittedAt} its time. The fields are mapped by name ({@link FieldMapping}); the event id
 * and time are the submission's own unless the mapping names fields for them.
 *
 * @param secretName the reference of the webhook's signing secret
 */
public record WebflowSource(
        String name, String secretName, SourceLimits limits, FieldMapping mapping)
        implements Source {

    static final String TRIGGER = "form_submission";

    /** Reads a {@code kind: webflow} entry of the sources file. */
    static WebflowSource fromConfig(SourceConfig config) {
        WebflowSource source =
                new WebflowSource(
                        config.name(),
                        FormSource.secretReference(config),
                        SourceLimits.from(config),
                        FieldMapping.fromConfig(config));
        config.finish();
        return source;
    }

    @Override
    public Delivery read(WebhookRequest request, Context context) {
        JsonBodies.requireJson(request);
        new WebflowSignature(context.secret(name, secretName)).verify(request, context.now());
        JsonNode body = JsonBodies.forLimits(limits).parse(request.body());

        String trigger = body.path("triggerType").asText("");
        if (!body.path("triggerType").isTextual() || !trigger.equals(TRIGGER)) {
            throw RejectedRequest.badRequest(
                    "unsupported_trigger",
                    "triggerType must be "
                            + TRIGGER
                            + ", got '"
                            + RejectedRequest.printable(body.path("triggerType").toString())
                            + "'; subscribe this URL to form submissions only");
        }
        JsonNode payload = body.path("payload");
        if (!payload.path("data").isObject()) {
            throw RejectedRequest.badRequest(
                    "malformed_body", "payload.data must be an object of the form's fields");
        }
        SubmittedFields fields = fields(payload.path("data"));
        LeadEvent event =
                mapping.event(
                        fields,
                        () -> submissionId(payload),
                        () -> submittedAt(payload),
                        context.allowedAttributes(),
                        context.now());
        return new Delivery(event.eventId(), List.of(event));
    }

    @Override
    public List<String> configurationProblems(Function<String, Optional<String>> secrets) {
        return secrets.apply(secretName)
                .filter(secret -> secret.length() < FormAuth.MIN_TOKEN_LENGTH)
                .map(
                        secret ->
                                secretName
                                        + " is not a usable secret: Webflow's signing secrets are"
                                        + " at least "
                                        + FormAuth.MIN_TOKEN_LENGTH
                                        + " characters")
                .stream()
                .toList();
    }

    private static SubmittedFields fields(JsonNode data) {
        SubmittedFields.Builder fields = new SubmittedFields.Builder();
        for (Map.Entry<String, JsonNode> field : data.properties()) {
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                fields.add(field.getKey(), value.textValue());
            } else if (value.isNumber()) {
                fields.add(field.getKey(), value.decimalValue());
            } else if (value.isBoolean()) {
                fields.add(field.getKey(), value.booleanValue());
            } else if (!value.isNull()) {
                throw RejectedRequest.badRequest(
                        "malformed_body",
                        "payload.data field '"
                                + RejectedRequest.printable(field.getKey())
                                + "' holds "
                                + value.getNodeType().name().toLowerCase(Locale.ROOT)
                                + "; form fields are strings, numbers or booleans");
            }
        }
        return fields.build();
    }

    private static String submissionId(JsonNode payload) {
        JsonNode id = payload.path("id");
        if (!id.isTextual() || id.textValue().isBlank() || id.textValue().length() > 256) {
            throw RejectedRequest.badRequest(
                    "invalid_event", "payload.id must be the submission's id, 1 to 256 characters");
        }
        EventValues.idProblem(id.textValue())
                .ifPresent(
                        problem -> {
                            throw RejectedRequest.badRequest(
                                    "invalid_event", "payload.id " + problem);
                        });
        return id.textValue();
    }

    private static Instant submittedAt(JsonNode payload) {
        JsonNode at = payload.path("submittedAt");
        try {
            if (at.isTextual()) {
                return OffsetDateTime.parse(at.textValue()).toInstant();
            }
        } catch (DateTimeException e) {
            // refused below, with the same message as a missing time
        }
        throw RejectedRequest.badRequest(
                "invalid_event",
                "payload.submittedAt must be an ISO-8601 date-time, got "
                        + RejectedRequest.printable(at.toString()));
    }
}
