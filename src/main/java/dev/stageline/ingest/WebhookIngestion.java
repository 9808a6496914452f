package dev.stageline.ingest;

import dev.stageline.model.LifecycleModel;
import dev.stageline.store.EventStore;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * Receives webhook deliveries: finds the source, checks the body size, lets the source authenticate
 * the request and map its body to lead events, counts them, and stores them once each. Every check
 * that can refuse a request runs before anything is written.
 */
public final class WebhookIngestion {

    private final SourceCatalog catalog;
    private final Function<String, Optional<String>> secrets;
    private final LifecycleModel model;
    private final EventStore store;
    private final Clock clock;

    /**
     * @param secrets looks up a secret by the reference a source's configuration gives
     */
    public WebhookIngestion(
            SourceCatalog catalog,
            Function<String, Optional<String>> secrets,
            LifecycleModel model,
            EventStore store,
            Clock clock) {
        this.catalog = catalog;
        this.secrets = secrets;
        this.model = model;
        this.store = store;
        this.clock = clock;
    }

    /** The source a request names, or a 404 listing the configured ones. */
    public Source source(String name) {
        return catalog.source(name)
                .orElseThrow(
                        () ->
                                new RejectedRequest(
                                        404,
                                        "unknown_source",
                                        "no source named '"
                                                + RejectedRequest.printable(name)
                                                + "' is configured; known: "
                                                + catalog.names()));
    }

    /**
     * @throws RejectedRequest when the request is refused; nothing was stored
     */
    public Receipt receive(WebhookRequest request) {
        Source source = source(request.source());
        if (!source.methods().contains(request.method())) {
            throw new RejectedRequest(
                    405,
                    "method_not_allowed",
                    "source '"
                            + source.name()
                            + "' takes "
                            + String.join(" or ", new java.util.TreeSet<>(source.methods()))
                            + ", not "
                            + RejectedRequest.printable(request.method()));
        }
        SourceLimits limits = source.limits();
        if (request.body().length > limits.maxBodyBytes()) {
            throw limits.bodyTooLarge(source.name(), request.body().length);
        }
        Source.Delivery delivery =
                LeadIds.withoutAddresses(
                        source.read(
                                request,
                                new Source.Context(secrets, model.attributes(), clock.instant())));
        if (delivery.events().size() > limits.maxEvents()) {
            throw limits.batchTooLarge(delivery.events().size());
        }
        return new Receipt(
                source.name(),
                delivery.deliveryId(),
                store.store(source.name(), delivery.events()),
                delivery.ignored());
    }
}
