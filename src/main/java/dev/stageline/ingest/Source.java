package dev.stageline.ingest;

import dev.stageline.engine.LeadEvent;
import dev.stageline.secrets.SecretUnavailableException;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One configured sender of webhooks, reached at {@code POST /webhooks/{name}}. A source knows how
 * its sender authenticates, how its bodies are laid out and how it expects to be answered. {@link
 * WebhookIngestion} checks the body size before calling {@link #read} and stores what it returns
 * only when the whole delivery was read without a problem.
 */
public interface Source {

    String name();

    SourceLimits limits();

    /** The HTTP methods the sender uses; any other is refused with a 405 before anything else. */
    default Set<String> methods() {
        return Set.of("POST");
    }

    /**
     * Authenticates the request, then maps its body to lead events. Authentication comes first: a
     * request whose sender cannot be verified is refused before its body is parsed.
     *
     * @throws RejectedRequest naming the problem; nothing of the request is stored
     */
    Delivery read(WebhookRequest request, Context context);

    /**
     * Checks at start-up that the secrets this source names are present and usable, so that a
     * misconfiguration stops the deployment instead of failing every delivery.
     *
     * @return a description of each problem, empty when the source is ready
     */
    default List<String> configurationProblems(Function<String, Optional<String>> secrets) {
        return List.of();
    }

    /** The answer to a delivery that was stored (or recognised as stored before). */
    default Reply accepted(Receipt receipt) {
        return Reply.receipt(receipt);
    }

    /** The answer to a refused delivery; nothing of it was stored. */
    default Reply refused(RejectedRequest refusal) {
        return Reply.error(refusal.status(), refusal.code(), refusal.getMessage());
    }

    /**
     * What a source needs besides the request.
     *
     * @param secrets looks a secret up by the reference a source's configuration gives
     * @param allowedAttributes the model's allow-list: other fields of an event are dropped
     * @param now the time of receipt, for signature tolerances and future-dated events
     */
    record Context(
            Function<String, Optional<String>> secrets,
            Set<String> allowedAttributes,
            Instant now) {

        /**
         * The secret named {@code reference}, or a 503 that tells the operator to set it (or, when
         * its store cannot be read, to fix the store's access).
         */
        public String secret(String sourceName, String reference) {
            Optional<String> found;
            try {
                found = secrets.apply(reference);
            } catch (SecretUnavailableException e) {
                throw new RejectedRequest(
                        503,
                        "source_unavailable",
                        "source '" + sourceName + "' cannot read its secret (" + reference + ")");
            }
            return found.filter(secret -> !secret.isBlank())
                    .orElseThrow(
                            () ->
                                    new RejectedRequest(
                                            503,
                                            "source_unavailable",
                                            "source '"
                                                    + sourceName
                                                    + "' has no secret configured ("
                                                    + reference
                                                    + "); its operator must set it"));
        }
    }

    /**
     * The events of one delivery.
     *
     * @param deliveryId the sender's id of the delivery, for logs and receipts
     * @param ignored how many of the sender's events the source read and chose not to store (kinds
     *     of events it does not track); the receipt reports them
     */
    record Delivery(String deliveryId, List<LeadEvent> events, int ignored) {

        public Delivery {
            events = List.copyOf(events);
            if (ignored < 0) {
                throw new IllegalArgumentException("ignored must not be negative: " + ignored);
            }
        }

        /** A delivery whose every event is stored. */
        public Delivery(String deliveryId, List<LeadEvent> events) {
            this(deliveryId, events, 0);
        }
    }
}
