package dev.stageline.ingest;

import java.util.Map;

/**
 * One webhook delivery as the edge received it: the source named in the path, the headers with
 * lower-case names, and the raw body bytes that the signature covers.
 */
public record WebhookRequest(String source, Map<String, String> headers, byte[] body) {

    public WebhookRequest {
        headers = Map.copyOf(headers);
    }
}
