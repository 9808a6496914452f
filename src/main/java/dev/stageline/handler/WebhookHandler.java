package dev.stageline.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.stageline.ingest.Receipt;
import dev.stageline.ingest.RejectedRequest;
import dev.stageline.ingest.Reply;
import dev.stageline.ingest.Source;
import dev.stageline.ingest.WebhookIngestion;
import dev.stageline.ingest.WebhookRequest;
import dev.stageline.log.JsonLog;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
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

    /**
     * @throws IllegalStateException when a source's secret is unusable ({@link
     *     Application#checkSources})
     */
    public WebhookHandler(Application app) {
        app.checkSources();
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long started = System.nanoTime();
        String name =
                Optional.ofNullable(event.getPathParameters()).map(p -> p.get("source")).orElse("");
        WebhookIngestion ingestion = app.ingestion();
        Optional<Source> source = Optional.empty();
        try {
            source = Optional.of(ingestion.source(name));
            WebhookRequest request =
                    new WebhookRequest(
                            name,
                            method(event),
                            event.getRawQueryString(),
                            headers(event),
                            body(event));
            Receipt receipt = ingestion.receive(request);
            LOG.info(
                    "delivery stored",
                    "source",
                    name,
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
                        name,
                        "delivery",
                        receipt.deliveryId(),
                        "conflicts",
                        receipt.conflicts());
            }
            return response(source.get().accepted(receipt));
        } catch (RejectedRequest e) {
            LOG.info(
                    "delivery refused",
                    "source",
                    name,
                    "status",
                    e.status(),
                    "error",
                    e.code(),
                    "ms",
                    elapsed(started));
            return response(
                    source.map(s -> s.refused(e))
                            .orElseGet(() -> Reply.error(e.status(), e.code(), e.getMessage())));
        } catch (RuntimeException e) {
            LOG.error(
                    "delivery failed",
                    "source",
                    name,
                    "exception",
                    e.getClass().getName(),
                    "reason",
                    String.valueOf(e.getMessage()),
                    "ms",
                    elapsed(started));
            RejectedRequest failure =
                    new RejectedRequest(
                            500,
                            "internal_error",
                            "the delivery could not be stored; retry it later");
            return response(
                    source.map(s -> s.refused(failure))
                            .orElseGet(
                                    () ->
                                            Reply.error(
                                                    failure.status(),
                                                    failure.code(),
                                                    failure.getMessage())));
        }
    }

    private static APIGatewayV2HTTPResponse response(Reply reply) {
        return HttpResponses.text(reply.status(), reply.contentType(), reply.body());
    }

    private static String method(APIGatewayV2HTTPEvent event) {
        return Optional.ofNullable(event.getRequestContext())
                .map(APIGatewayV2HTTPEvent.RequestContext::getHttp)
                .map(APIGatewayV2HTTPEvent.RequestContext.Http::getMethod)
                .orElse("POST");
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
