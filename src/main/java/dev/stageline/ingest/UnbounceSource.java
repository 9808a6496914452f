package dev.stageline.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import dev.stageline.engine.LeadEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Unbounce's form webhook: a form post whose {@code data.json} field holds the answers as JSON,
 * each value an array ({@code {"email":["a@b.example"]}}), beside {@code page_id}, {@code
 * page_url}, {@code page_name} and {@code variant}. All of these are fields for the {@link
 * FieldMapping}; an answer with several values (checkboxes) counts, for an attribute, as its last
 * value.
 *
 * <p>Unbounce signs nothing, so the post carries a shared token in a header Unbounce is told to
 * add, or in the query string. The event id, unless mapped, is {@code unbounce-} and a digest of
 * all fields; the time, unless mapped, is Unbounce's {@code date_submitted} and {@code
 * time_submitted} (UTC, to the minute), so that a redelivery repeats both and is a duplicate, and
 * the receipt time when those are absent.
 *
 * @param secretName the reference of the shared token
 */
public record UnbounceSource(
        String name, String secretName, FormAuth auth, SourceLimits limits, FieldMapping mapping)
        implements Source {

    static final String DATA = "data.json";

    /** Fields of the post that are not answers: the XML twin of {@code data.json}. */
    private static final List<String> IGNORED = List.of("data.xml");

    private static final DateTimeFormatter TIME_SUBMITTED =
            DateTimeFormatter.ofPattern("hh:mm a 'UTC'", Locale.ENGLISH);

    /** Reads a {@code kind: unbounce} entry of the sources file. */
    static UnbounceSource fromConfig(SourceConfig config) {
        FormAuth auth = FormAuth.fromConfig(config);
        if (auth instanceof FormAuth.Signed) {
            throw config.problem(
                    "Unbounce cannot sign its posts; use auth: header (a custom header in the"
                            + " webhook's settings) or auth: query");
        }
        UnbounceSource source =
                new UnbounceSource(
                        config.name(),
                        FormSource.secretReference(config),
                        auth,
                        SourceLimits.from(config),
                        FieldMapping.fromConfig(config));
        config.finish();
        return source;
    }

    @Override
    public Delivery read(WebhookRequest request, Context context) {
        FormBody.requireForm(request);
        auth.verify(request, context.secret(name, secretName), context.now());
        SubmittedFields post = FormBody.forLimits(limits).parse(request.body());
        SubmittedFields fields = page(post).with(answers(post));
        LeadEvent event =
                mapping.event(
                        fields,
                        () -> "unbounce-" + fields.digest(),
                        () -> submitted(fields).orElseGet(context::now),
                        context.allowedAttributes(),
                        context.now());
        return new Delivery(event.eventId(), List.of(event));
    }

    @Override
    public List<String> configurationProblems(Function<String, Optional<String>> secrets) {
        return FormSource.secretProblems(secretName, auth, secrets);
    }

    private static SubmittedFields page(SubmittedFields post) {
        SubmittedFields.Builder page = new SubmittedFields.Builder();
        post.values()
                .forEach(
                        (key, values) -> {
                            if (!key.equals(DATA) && !IGNORED.contains(key)) {
                                values.forEach(value -> page.add(key, value));
                            }
                        });
        return page.build();
    }

    private SubmittedFields answers(SubmittedFields post) {
        String text =
                post.single(DATA)
                        .map(Object::toString)
                        .orElseThrow(
                                () ->
                                        RejectedRequest.badRequest(
                                                "malformed_body",
                                                "the post has no data.json field; is this an"
                                                        + " Unbounce form webhook?"));
        JsonNode json =
                JsonBodies.forLimits(limits)
                        .parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (!json.isObject()) {
            throw RejectedRequest.badRequest(
                    "malformed_body", "data.json must be a JSON object of arrays");
        }
        SubmittedFields.Builder answers = new SubmittedFields.Builder();
        for (Map.Entry<String, JsonNode> answer : json.properties()) {
            if (!answer.getValue().isArray()) {
                throw RejectedRequest.badRequest(
                        "malformed_body",
                        "data.json field '"
                                + RejectedRequest.printable(answer.getKey())
                                + "' must be an array, as Unbounce sends every answer");
            }
            for (JsonNode value : answer.getValue()) {
                answers.add(answer.getKey(), scalar(answer.getKey(), value));
            }
        }
        return answers.build();
    }

    private static Object scalar(String key, JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        throw RejectedRequest.badRequest(
                "malformed_body",
                "data.json field '"
                        + RejectedRequest.printable(key)
                        + "' holds "
                        + value.getNodeType().name().toLowerCase(Locale.ROOT)
                        + "; answers are strings, numbers or booleans");
    }

    /** Unbounce's own time of the submission: {@code 2026-11-02} and {@code 09:15 AM UTC}. */
    private static Optional<Instant> submitted(SubmittedFields fields) {
        Optional<Object> date = fields.last("date_submitted");
        Optional<Object> time = fields.last("time_submitted");
        if (date.isEmpty() || time.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    LocalDate.parse(date.get().toString().strip())
                            .atTime(LocalTime.parse(time.get().toString().strip(), TIME_SUBMITTED))
                            .toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw RejectedRequest.badRequest(
                    "invalid_event",
                    "date_submitted and time_submitted must read like 2026-11-02 and 09:15 AM UTC,"
                            + " got '"
                            + RejectedRequest.printable(date.get() + " " + time.get())
                            + "'");
        }
    }
}
