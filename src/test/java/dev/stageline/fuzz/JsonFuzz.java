package dev.stageline.fuzz;

import dev.stageline.ingest.StandardWebhooks;
import dev.stageline.ingest.WebhookRequest;
import dev.stageline.local.LocalRun;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile requests for the generic JSON source {@code web}, signed with Standard Webhooks: broken
 * and oversized bodies, missing, wrong, replayed and stale signatures, wrong content types, invalid
 * UTF-8, deep nesting, huge batches and events that cannot be mapped. Every one must be refused.
 */
public final class JsonFuzz {

    private static final String SOURCE = "web";

    private JsonFuzz() {}

    public static List<FuzzCase> cases(Random random) {
        List<FuzzCase> cases = new ArrayList<>();
        StandardWebhooks scheme = StandardWebhooks.fromSecret(LocalRun.DEV_SECRET);
        for (int i = 0; i < 15; i++) {
            String id = "msg_fuzz_" + i + "_" + random.nextInt(1_000_000);
            byte[] valid = utf8(validEvent(random, id));

            cases.add(signed(scheme, "broken JSON", utf8(brokenJson(random)), id));
            cases.add(
                    request(
                            "missing signature",
                            Map.of("content-type", "application/json", "webhook-id", id),
                            valid));
            cases.add(wrongSignature(scheme, id, valid, random));
            cases.add(replayed(scheme, id, valid, random));
            cases.add(stale(scheme, id, valid, random));
            cases.add(wrongContentType(scheme, id, valid, random));
            cases.add(signed(scheme, "invalid UTF-8", invalidUtf8(random), id));
            cases.add(signed(scheme, "oversized body", oversized(random), id));
            cases.add(signed(scheme, "deep nesting", utf8(deep(17 + random.nextInt(200))), id));
            cases.add(
                    signed(
                            scheme,
                            "huge batch",
                            utf8(batch(random, 101 + random.nextInt(400))),
                            id));
            cases.add(signed(scheme, "unmappable event", utf8(unmappable(random, i)), id));
            cases.add(signed(scheme, "long string", utf8(longString(random)), id));
            cases.add(signed(scheme, "empty body", new byte[0], id));
            cases.add(
                    new FuzzCase(
                            "unknown source",
                            "nosuch-" + random.nextInt(1000),
                            new WebhookRequest(
                                    "nosuch-" + random.nextInt(1000),
                                    headers(scheme, id, valid),
                                    valid)));
        }
        return cases;
    }

    private static FuzzCase signed(StandardWebhooks scheme, String kind, byte[] body, String id) {
        return request(kind, headers(scheme, id, body), body);
    }

    private static Map<String, String> headers(StandardWebhooks scheme, String id, byte[] body) {
        long now = Instant.now().getEpochSecond();
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(now));
        headers.put("webhook-signature", scheme.sign(id, now, body));
        return headers;
    }

    private static FuzzCase request(String kind, Map<String, String> headers, byte[] body) {
        return new FuzzCase(kind, SOURCE, new WebhookRequest(SOURCE, headers, body));
    }

    private static FuzzCase wrongSignature(
            StandardWebhooks scheme, String id, byte[] body, Random random) {
        Map<String, String> headers = headers(scheme, id, body);
        String signature = headers.get("webhook-signature");
        char[] chars = signature.toCharArray();
        int at = 3 + random.nextInt(chars.length - 4);
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        headers.put("webhook-signature", new String(chars));
        return request("wrong signature", headers, body);
    }

    /** A signature captured from another body, sent again with this one. */
    private static FuzzCase replayed(
            StandardWebhooks scheme, String id, byte[] body, Random random) {
        Map<String, String> headers = headers(scheme, id, utf8(validEvent(random, id + "x")));
        return request("replayed signature", headers, body);
    }

    private static FuzzCase stale(StandardWebhooks scheme, String id, byte[] body, Random random) {
        long then = Instant.now().getEpochSecond() - 301 - random.nextInt(86_400 * 30);
        Map<String, String> headers = new HashMap<>(headers(scheme, id, body));
        headers.put("webhook-timestamp", Long.toString(then));
        headers.put("webhook-signature", scheme.sign(id, then, body));
        return request("stale timestamp", headers, body);
    }

    private static FuzzCase wrongContentType(
            StandardWebhooks scheme, String id, byte[] body, Random random) {
        String[] types = {
            "text/plain",
            "application/xml",
            "",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/jsonp"
        };
        Map<String, String> headers = new HashMap<>(headers(scheme, id, body));
        headers.put("content-type", types[random.nextInt(types.length)]);
        return request("wrong content type", headers, body);
    }

    private static String validEvent(Random random, String id) {
        return """
        {"id": "%s", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z",
         "lead": {"id": "fuzz-%d", "score": %d}}\
        """
                .formatted(id, random.nextInt(1000), random.nextInt(100));
    }

    private static String brokenJson(Random random) {
        String[] broken = {
            "{", "[{\"id\": 1,}]", "{\"id\": \"a\" \"type\": \"b\"}", "{'id': 'single'}",
            "{\"id\": \"a\"} trailing", "[1, 2", "{\"id\": \"a\", \"id\": \"b\"}", "nul",
            "{\"lead\": {\"id\": \"x\"}", "\u0000\u0001", "{\"n\": 1e999999999999}"
        };
        return broken[random.nextInt(broken.length)];
    }

    private static byte[] invalidUtf8(Random random) {
        byte[] prefix = utf8("{\"id\": \"bad-");
        byte[] suffix =
                utf8(
                        "\", \"type\": \"x\", \"occurredAt\": \"2026-11-02T09:15:00Z\", "
                                + "\"lead\": {\"id\": \"u\"}}");
        byte[][] invalid = {
            {(byte) 0xC3},
            {(byte) 0xFF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80}
        };
        byte[] middle = invalid[random.nextInt(invalid.length)];
        byte[] body = new byte[prefix.length + middle.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(middle, 0, body, prefix.length, middle.length);
        System.arraycopy(suffix, 0, body, prefix.length + middle.length, suffix.length);
        return body;
    }

    private static byte[] oversized(Random random) {
        return utf8("[" + "{\"id\": \"x\"},".repeat(30_000 + random.nextInt(10_000)) + "{}]");
    }

    private static String deep(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String batch(Random random, int size) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            batch.append(i == 0 ? "" : ",").append(validEvent(random, "batch-" + i));
        }
        return batch.append("]").toString();
    }

    private static String unmappable(Random random, int i) {
        String[] events = {
            "{\"id\": \"u%d\", \"type\": \"t\", \"occurredAt\": \"yesterday\", \"lead\": {\"id\":"
                + " \"a\"}}",
            "{\"id\": \"u%d\", \"type\": \"t\", \"occurredAt\": \"2026-11-02T09:15:00Z\"}",
            "{\"id\": \"u%d\", \"type\": \"t\", \"occurredAt\": \"2999-01-01T00:00:00Z\", \"lead\":"
                + " {\"id\": \"a\"}}",
            "{\"id\": \"u%d\", \"type\": \"t\", \"occurredAt\": \"2026-11-02T09:15:00Z\", \"lead\":"
                + " {\"id\": {\"x\": 1}}}",
            "{\"id\": \"u%d\", \"type\": \"t\", \"occurredAt\": \"2026-11-02T09:15:00Z\", \"lead\":"
                + " {\"id\": \"a\", \"score\": [1]}}",
            "{\"id\": \"u%d\", \"type\": \"t\", \"occurredAt\": \"1970-01-01T00:00:00Z\", \"lead\":"
                + " {\"id\": \"a\"}}",
            "[{\"id\": \"u%d\", \"type\": \"t\", \"occurredAt\": \"2026-11-02T09:15:00Z\","
                + " \"lead\": {\"id\": \"ok\"}}, 7]",
            "\"just a string %d\"",
            "[]",
        };
        return events[random.nextInt(events.length)].formatted(i);
    }

    private static String longString(Random random) {
        return "{\"id\": \"long\", \"type\": \"t\", \"occurredAt\": \"2026-11-02T09:15:00Z\", "
                + "\"lead\": {\"id\": \""
                + "x".repeat(70_000 + random.nextInt(10_000))
                + "\"}}";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
