package dev.stageline.ingest;

import dev.stageline.engine.LeadEvent;
import dev.stageline.secrets.SecretReference;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A plain HTML form, or any tool that posts {@code application/x-www-form-urlencoded}: one post is
 * one submission, one lead event, its fields mapped by name ({@link FieldMapping}).
 *
 * <p>A form without an event id field gets one that a redelivery repeats: the sender's message id
 * under Standard Webhooks, otherwise a digest of the submitted fields ({@code form-} and 32 hex
 * characters), so the same post delivered twice is a duplicate while a submission that differs in
 * any field is new. A form without a time field is dated when it is received.
 *
 * @param secretName the reference of the token or Standard Webhooks secret
 */
public record FormSource(
        String name, String secretName, FormAuth auth, SourceLimits limits, FieldMapping mapping)
        implements Source {

    /** Reads a {@code kind: form} entry of the sources file. */
    static FormSource fromConfig(SourceConfig config) {
        FormSource source =
                new FormSource(
                        config.name(),
                        secretReference(config),
                        FormAuth.fromConfig(config),
                        SourceLimits.from(config),
                        FieldMapping.fromConfig(config));
        config.finish();
        return source;
    }

    @Override
    public Delivery read(WebhookRequest request, Context context) {
        FormBody.requireForm(request);
        Optional<String> deliveryId =
                auth.verify(request, context.secret(name, secretName), context.now());
        SubmittedFields fields = FormBody.forLimits(limits).parse(request.body());
        LeadEvent event =
                mapping.event(
                        fields,
                        () -> deliveryId.orElseGet(() -> "form-" + fields.digest()),
                        context::now,
                        context.allowedAttributes(),
                        context.now());
        return new Delivery(deliveryId.orElse(event.eventId()), List.of(event));
    }

    @Override
    public List<String> configurationProblems(Function<String, Optional<String>> secrets) {
        return secretProblems(secretName, auth, secrets);
    }

    /** The {@code secret} key, checked to be a secret reference when the file is read. */
    static String secretReference(SourceConfig config) {
        String reference = config.text("secret");
        try {
            SecretReference.parse(reference);
        } catch (IllegalArgumentException e) {
            throw config.problem(e.getMessage());
        }
        return reference;
    }

    /** A problem when the secret is set but cannot serve {@code auth}. */
    static List<String> secretProblems(
            String secretName, FormAuth auth, Function<String, Optional<String>> secrets) {
        return secrets.apply(secretName)
                .flatMap(auth::secretProblem)
                .map(problem -> secretName + " is not a usable secret: " + problem)
                .stream()
                .toList();
    }
}
