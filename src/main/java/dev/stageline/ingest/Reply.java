package dev.stageline.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer to a webhook sender: status, media type and body text. */
public record Reply(int status, String contentType, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Reply json(int status, Object value) {
        try {
            return new Reply(status, "application/json", JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reply cannot be written as JSON", e);
        }
    }

    /** {@code {"error": code, "message": message}}. */
    public static Reply error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return json(status, body);
    }

    /**
     * What a delivery stored, event by event; {@code ignored} appears only when the source ignored
     * some of the sender's events.
     */
    public static Reply receipt(Receipt receipt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", receipt.source());
        body.put("received", receipt.outcomes().size());
        body.put("stored", receipt.stored());
        body.put("duplicates", receipt.duplicates());
        body.put("conflicts", receipt.conflicts());
        if (receipt.ignored() > 0) {
            body.put("ignored", receipt.ignored());
        }
        body.put(
                "events",
                receipt.outcomes().stream()
                        .map(
                                outcome ->
                                        Map.of(
                                                "leadKey", outcome.leadKey(),
                                                "eventId", outcome.eventId(),
                                                "status", status(outcome)))
                        .toList());
        return json(200, body);
    }

    private static String status(dev.stageline.store.EventStore.Outcome outcome) {
        if (outcome.conflict()) {
            return "conflict";
        }
        return outcome.duplicate() ? "duplicate" : "stored";
    }
}
