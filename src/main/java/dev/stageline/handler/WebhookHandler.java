package dev.stageline.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.stageline.ingest.Receipt;
import dev.stageline.ingest.RejectedRequest;
import dev.stageline.ingest.WebhookRequest;
import dev.stageline.log.JsonLog;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code POST /webhooks/{source}}: stores a delivery's lead events once each. */
public final class WebhookHandler
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final JsonLog LOG = JsonLog.named("webhook");

    private final Application app;

    public WebhookHandler() {
        this(Application.fromEnvironment());
    }

    public WebhookHandler(Application app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long started = System.nanoTime();
        String source =
                Optional.ofNullable(event.getPathParameters()).map(p -> p.get("source")).orElse("");
        try {
            WebhookRequest request = new WebhookRequest(source, headers(event), body(event));
            Receipt receipt = app.ingestion().receive(request);
            LOG.info(
                    "delivery stored",
                    "source",
                    source,
                    "delivery",
                    receipt.deliveryId(),
                    "events",
                    receipt.outcomes().size(),
                    "duplicates",
                    receipt.duplicates(),
                    "conflicts",
                    receipt.conflicts(),
                    "ms",
                    elapsed(started));
            if (receipt.conflicts() > 0) {
                LOG.warn(
                        "event ids redelivered with other content; the first content was kept",
                        "source",
                        source,
                        "delivery",
                        receipt.deliveryId(),
                        "conflicts",
                        receipt.conflicts());
            }
            return HttpResponses.json(200, answer(receipt));
        } catch (RejectedRequest e) {
            LOG.info(
                    "delivery refused",
                    "source",
                    source,
                    "status",
                    e.status(),
                    "error",
                    e.code(),
                    "ms",
                    elapsed(started));
            return HttpResponses.error(e.status(), e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error(
                    "delivery failed",
                    "source",
                    source,
                    "exception",
                    e.getClass().getName(),
                    "reason",
                    String.valueOf(e.getMessage()),
                    "ms",
                    elapsed(started));
            return HttpResponses.error(
                    500, "internal_error", "the delivery could not be stored; retry it later");
        }
    }

    private static Map<String, Object> answer(Receipt receipt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", receipt.source());
        body.put("received", receipt.outcomes().size());
        body.put("stored", receipt.stored());
        body.put("duplicates", receipt.duplicates());
        body.put("conflicts", receipt.conflicts());
        body.put(
                "events",
                receipt.outcomes().stream()
                        .map(
                                outcome ->
                                        Map.of(
                                                "leadKey", outcome.leadKey(),
                                                "eventId", outcome.eventId(),
                                                "status",
                                                        outcome.conflict()
                                                                ? "conflict"
                                                                : outcome.duplicate()
                                                                        ? "duplicate"
                                                                        : "stored"))
                        .toList());
        return body;
    }

    static Map<String, String> headers(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders()
                    .forEach(
                            (name, value) ->
                                    headers.put(
                                            name.toLowerCase(Locale.ROOT),
                                            value == null ? "" : value));
        }
        return headers;
    }

    private static byte[] body(APIGatewayV2HTTPEvent event) {
        String body = Optional.ofNullable(event.getBody()).orElse("");
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new RejectedRequest(400, "malformed_body", "the body is not valid base64");
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
