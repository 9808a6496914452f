package dev.stageline.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.stageline.engine.LeadEvent;
import dev.stageline.model.LifecycleModel;
import dev.stageline.store.EventStore;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Receives webhook deliveries: finds the source, checks size and content type, verifies the
 * signature over the raw bytes, maps the body to lead events and stores them once each. Every check
 * that can refuse a request runs before anything is written.
 */
public final class WebhookIngestion {

    /** Deeper than any real sender nests; refusing it bounds the parser's work. */
    static final int MAX_NESTING = 16;

    private static final ObjectMapper JSON =
            JsonMapper.builder(
                            JsonFactory.builder()
                                    .streamReadConstraints(
                                            StreamReadConstraints.builder()
                                                    .maxNestingDepth(MAX_NESTING)
                                                    .maxStringLength(64 * 1024)
                                                    .maxNumberLength(64)
                                                    .build())
                                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                                    .build())
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .build();

    private final SourceCatalog catalog;
    private final Function<String, Optional<String>> secrets;
    private final LifecycleModel model;
    private final EventStore store;
    private final Clock clock;

    /**
     * @param secrets looks up a secret by the name a source's configuration gives
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

    /**
     * @throws RejectedRequest when the request is refused; nothing was stored
     */
    public Receipt receive(WebhookRequest request) {
        JsonSource source =
                catalog.source(request.source())
                        .orElseThrow(
                                () ->
                                        new RejectedRequest(
                                                404,
                                                "unknown_source",
                                                "no source named '"
                                                        + printable(request.source())
                                                        + "' is configured; known: "
                                                        + catalog.names()));
        if (request.body().length > source.maxBodyBytes()) {
            throw new RejectedRequest(
                    413,
                    "body_too_large",
                    "the body is "
                            + request.body().length
                            + " bytes; source '"
                            + source.name()
                            + "' accepts at most "
                            + source.maxBodyBytes());
        }
        requireJson(request);
        Instant now = clock.instant();

        String deliveryId = scheme(source).verify(request.headers(), request.body(), now);
        JsonNode body = parse(request.body());
        List<LeadEvent> events = source.events(body, deliveryId, model.attributes(), now);

        return new Receipt(source.name(), deliveryId, store.store(source.name(), events));
    }

    private StandardWebhooks scheme(JsonSource source) {
        String secret =
                secrets.apply(source.secretName())
                        .orElseThrow(
                                () ->
                                        new RejectedRequest(
                                                503,
                                                "source_unavailable",
                                                "source '"
                                                        + source.name()
                                                        + "' has no secret configured ("
                                                        + source.secretName()
                                                        + "); its operator must set it"));
        try {
            return StandardWebhooks.fromSecret(secret);
        } catch (IllegalArgumentException e) {
            throw new RejectedRequest(
                    503,
                    "source_unavailable",
                    "source '"
                            + source.name()
                            + "' has an unusable secret ("
                            + source.secretName()
                            + "); its operator must fix it");
        }
    }

    private static void requireJson(WebhookRequest request) {
        String type = request.headers().getOrDefault("content-type", "");
        String mediaType = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new RejectedRequest(
                    415,
                    "unsupported_content_type",
                    "send application/json, got '" + printable(type) + "'");
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw RejectedRequest.badRequest("malformed_body", "the body is empty");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw RejectedRequest.badRequest(
                    "malformed_body",
                    "the body exceeds a limit: nesting deeper than "
                            + MAX_NESTING
                            + " levels, a string over 65,536 characters or a number over 64 digits");
        } catch (JsonProcessingException e) {
            String reason =
                    e.getOriginalMessage() == null
                            ? "unreadable"
                            : e.getOriginalMessage()
                                    .replaceAll("\\s*\\(.*", "")
                                    .lines()
                                    .findFirst()
                                    .orElse("unreadable");
            String where =
                    e.getLocation() == null
                            ? ""
                            : " at line "
                                    + e.getLocation().getLineNr()
                                    + ", column "
                                    + e.getLocation().getColumnNr();
            throw RejectedRequest.badRequest(
                    "malformed_body", "the body is not valid JSON" + where + ": " + reason);
        } catch (IOException e) {
            throw RejectedRequest.badRequest("malformed_body", "the body cannot be read as JSON");
        }
    }

    private static String printable(String text) {
        String cleaned = text.replaceAll("[^\\p{Print}]", "?");
        return cleaned.length() <= 60 ? cleaned : cleaned.substring(0, 60) + "...";
    }
}
