package dev.stageline.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import dev.stageline.engine.LeadEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Typeform form's webhook: one {@code form_response} per request, signed with the secret set on
 * the webhook. Answers are found by their field's {@code ref}, hidden fields by name, and the score
 * under {@code calculated.score}; each maps to an attribute the model allows.
 *
 * <p>The event id is the response's {@code token}: one per submission, the same however often and
 * under whatever {@code event_id} Typeform delivers it, so a submission is stored once. A lead key
 * holding an {@code @} is an email address and is replaced by its SHA-256, because lead keys are
 * logged and shown in URLs and emails must not be.
 *
 * @param secretName the reference of the webhook's secret
 * @param leadKey where the lead id is: {@code hidden:<name>} or {@code answer:<ref>}
 * @param answers field ref to attribute name
 * @param hidden hidden field name to attribute name
 * @param scoreAttribute the attribute that takes {@code calculated.score}, if any
 */
public record TypeformSource(
        String name,
        String secretName,
        SourceLimits limits,
        String leadKeyPrefix,
        String leadKey,
        String type,
        Map<String, String> answers,
        Map<String, String> hidden,
        Optional<String> scoreAttribute)
        implements Source {

    static final String FORM_RESPONSE = "form_response";

    public TypeformSource {
        answers = Map.copyOf(answers);
        hidden = Map.copyOf(hidden);
    }

    /** Reads a {@code kind: typeform} entry of the sources file. */
    static TypeformSource fromConfig(SourceConfig config) {
        TypeformSource source =
                new TypeformSource(
                        config.name(),
                        config.text("secret"),
                        SourceLimits.from(config),
                        config.text("leadKeyPrefix", config.name() + ":"),
                        config.text("leadKey"),
                        config.text("type", "form_submitted"),
                        config.textMap("answers"),
                        config.textMap("hidden"),
                        config.optionalText("score"));
        if (!source.leadKey.matches("(hidden|answer):.+")) {
            throw config.problem(
                    "'leadKey' must be hidden:<hidden field name> or answer:<field ref>, got '"
                            + source.leadKey
                            + "'");
        }
        config.finish();
        return source;
    }

    @Override
    public Delivery read(WebhookRequest request, Context context) {
        JsonBodies.requireJson(request);
        new TypeformSignature(context.secret(name, secretName)).verify(request);

        JsonNode body = JsonBodies.forLimits(limits).parse(request.body());
        if (!body.isObject()) {
            throw RejectedRequest.badRequest(
                    "invalid_body", "Typeform sends one JSON object; the body is not one");
        }
        String deliveryId = requiredText(body, "event_id");
        if (!FORM_RESPONSE.equals(body.path("event_type").asText())) {
            return new Delivery(deliveryId, List.of(), 1);
        }
        return new Delivery(deliveryId, List.of(event(body, context)));
    }

    private LeadEvent event(JsonNode body, Context context) {
        JsonNode response = body.path("form_response");
        if (!response.isObject()) {
            throw invalid("form_response must be an object");
        }
        String token = requiredText(response, "token");
        Instant at = submittedAt(response, context.now());
        JsonNode answerList = response.path("answers");
        if (!answerList.isMissingNode() && !answerList.isArray()) {
            throw invalid("form_response.answers must be an array");
        }
        JsonNode hiddenFields = response.path("hidden");
        if (!hiddenFields.isMissingNode() && !hiddenFields.isObject()) {
            throw invalid("form_response.hidden must be an object");
        }

        Set<String> allowed = context.allowedAttributes();
        Map<String, Object> values = new LinkedHashMap<>();
        for (JsonNode answer : answerList) {
            String attribute = answers.get(answer.path("field").path("ref").asText(""));
            if (attribute != null && allowed.contains(attribute)) {
                values.put(
                        attribute, TypeformAnswers.value(answer, "answer '" + ref(answer) + "'"));
            }
        }
        hidden.forEach(
                (field, attribute) -> {
                    JsonNode value = hiddenFields.path(field);
                    if (allowed.contains(attribute) && !value.isMissingNode() && !value.isNull()) {
                        values.put(
                                attribute,
                                TypeformAnswers.text(value, "hidden field '" + field + "'"));
                    }
                });
        scoreAttribute
                .filter(allowed::contains)
                .ifPresent(
                        attribute -> {
                            JsonNode score = response.path("calculated").path("score");
                            if (!score.isMissingNode() && !score.isNull()) {
                                values.put(
                                        attribute,
                                        TypeformAnswers.number(score, "calculated.score"));
                            }
                        });
        String lead = leadId(answerList, hiddenFields);
        return new LeadEvent(leadKeyPrefix + lead, token, at, type, values);
    }

    /** The lead id where {@link #leadKey} says; an email address becomes its SHA-256. */
    private String leadId(JsonNode answerList, JsonNode hiddenFields) {
        String where = leadKey.substring(leadKey.indexOf(':') + 1);
        String id;
        if (leadKey.startsWith("hidden:")) {
            JsonNode value = hiddenFields.path(where);
            if (!value.isTextual() || value.textValue().isBlank()) {
                throw invalid("the lead id, hidden field '" + where + "', is missing");
            }
            id = value.textValue().strip();
        } else {
            id = answerId(answerList, where);
        }
        if (id.contains("@")) {
            return LeadIds.pseudonymous(id);
        }
        if (id.length() > 256) {
            throw invalid("the lead id is longer than 256 characters");
        }
        EventValues.idProblem(id)
                .ifPresent(
                        problem -> {
                            throw invalid("the lead id " + problem);
                        });
        return id;
    }

    private static String answerId(JsonNode answerList, String ref) {
        for (JsonNode answer : answerList) {
            if (ref.equals(answer.path("field").path("ref").asText(""))) {
                String id =
                        TypeformAnswers.value(answer, "the lead id, answer '" + ref + "',")
                                .toString()
                                .strip();
                if (!id.isEmpty()) {
                    return id;
                }
            }
        }
        throw invalid("the lead id, answer '" + ref + "', is missing");
    }

    private static Instant submittedAt(JsonNode response, Instant now) {
        String text = requiredText(response, "submitted_at");
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw invalid(
                    "form_response.submitted_at must be an ISO-8601 date-time with an offset, got '"
                            + RejectedRequest.printable(text)
                            + "'");
        }
        return EventTime.checked(at, "form_response.submitted_at", now);
    }

    private static String requiredText(JsonNode object, String field) {
        JsonNode node = object.path(field);
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw invalid(field + " must be a non-empty string");
        }
        String text = node.textValue().strip();
        if (text.length() > 256) {
            throw invalid(field + " is longer than 256 characters");
        }
        EventValues.idProblem(text)
                .ifPresent(
                        problem -> {
                            throw invalid(field + " " + problem);
                        });
        return text;
    }

    private static String ref(JsonNode answer) {
        return RejectedRequest.printable(answer.path("field").path("ref").asText(""));
    }

    private static RejectedRequest invalid(String message) {
        return RejectedRequest.badRequest("invalid_event", message);
    }
}
