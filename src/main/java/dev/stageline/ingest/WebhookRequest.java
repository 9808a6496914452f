package dev.stageline.ingest;

import java.util.Map;

/**
 * One webhook delivery as the edge received it: the source named in the path, the HTTP method, the
 * raw query string (empty when there is none), the headers with lower-case names, and the raw body
 * bytes that signatures cover.
 */
public record WebhookRequest(
        String source, String method, String query, Map<String, String> headers, byte[] body) {

    public WebhookRequest {
        headers = Map.copyOf(headers);
        query = query == null ? "" : query;
    }

    /** A {@code POST} without a query string. */
    public WebhookRequest(String source, Map<String, String> headers, byte[] body) {
        this(source, "POST", "", headers, body);
    }

    /** A header by its lower-case name, or empty. */
    public String header(String name) {
        return headers.getOrDefault(name, "");
    }
}
