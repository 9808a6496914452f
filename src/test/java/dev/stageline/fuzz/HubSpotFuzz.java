package dev.stageline.fuzz;

import dev.stageline.ingest.HubSpotSignature;
import dev.stageline.ingest.WebhookRequest;
import dev.stageline.local.LocalRun;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Hostile and malformed deliveries for the shipped {@code hubspot} source, every one of which must
 * be refused with a 4xx and store nothing. Requests that must get past the signature are signed v3
 * with the local run's dev secret at generation time, so they are fresh when run at once (and
 * refused as stale, still a 4xx, when run later).
 */
public final class HubSpotFuzz {

    static final String SOURCE = "hubspot";
    private static final String URL = "https://api.example.com/webhooks/hubspot";
    private static final int PER_KIND = 12;

    private HubSpotFuzz() {}

    public static List<FuzzCase> cases(Random random) {
        Map<String, Function<Random, WebhookRequest>> kinds = new java.util.LinkedHashMap<>();
        kinds.put("broken_body", r -> signed(truncated(r, batch(r, 1 + r.nextInt(3))), now()));
        kinds.put("bad_signature", r -> withV3(batch(r, 1), now(), randomBase64(r)));
        kinds.put("missing_signature", r -> request(batch(r, 1), Map.of()));
        kinds.put(
                "stale_timestamp",
                r -> signed(batch(r, 1), now().minusSeconds(301 + r.nextInt(86_400))));
        kinds.put(
                "future_timestamp",
                r -> signed(batch(r, 1), now().plusSeconds(301 + r.nextInt(86_400))));
        kinds.put(
                "bad_timestamp", r -> withV3(batch(r, 1), "0x" + r.nextInt(1000), randomBase64(r)));
        kinds.put("wrong_content_type", HubSpotFuzz::wrongContentType);
        kinds.put("invalid_utf8", HubSpotFuzz::invalidUtf8);
        kinds.put("oversize", r -> signed(oversize(r), now()));
        kinds.put("deep_nesting", r -> signed(nested(r, 17 + r.nextInt(200)), now()));
        kinds.put("huge_batch", r -> signed(batch(r, 101 + r.nextInt(400)), now()));
        kinds.put("empty_batch", r -> signed("[]", now()));
        kinds.put("not_an_array", r -> signed(contact(r, 62515L), now()));
        kinds.put("foreign_portal", HubSpotFuzz::foreignPortal);
        kinds.put("replayed_signature", HubSpotFuzz::replayed);
        kinds.put("v1_not_accepted", HubSpotFuzz::v1Signed);
        kinds.put("wrong_field_types", HubSpotFuzz::wrongFieldTypes);
        kinds.put(
                "duplicate_keys", r -> signed("[{\"portalId\":62515,\"portalId\":62515}]", now()));

        List<FuzzCase> cases = new ArrayList<>();
        kinds.forEach(
                (kind, make) -> {
                    for (int i = 0; i < PER_KIND; i++) {
                        cases.add(new FuzzCase(kind, SOURCE, make.apply(random)));
                    }
                });
        return cases;
    }

    private static Instant now() {
        return Instant.now();
    }

    private static String contact(Random random, long portal) {
        return ("{\"eventId\":%d,\"subscriptionId\":%d,\"portalId\":%d,\"appId\":1,"
                        + "\"occurredAt\":%d,\"subscriptionType\":\"contact.creation\","
                        + "\"attemptNumber\":0,\"objectId\":%d}")
                .formatted(
                        random.nextInt(1_000_000),
                        random.nextInt(1000),
                        portal,
                        1_780_000_000_000L + random.nextInt(1_000_000),
                        1 + random.nextInt(1_000_000));
    }

    private static String batch(Random random, int events) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            items.add(contact(random, 62515L));
        }
        return "[" + String.join(",", items) + "]";
    }

    private static String truncated(Random random, String body) {
        return body.substring(0, 1 + random.nextInt(body.length() - 2));
    }

    private static String nested(Random random, int depth) {
        return "[".repeat(depth) + random.nextInt(10) + "]".repeat(depth);
    }

    private static String oversize(Random random) {
        String padding = "x".repeat(256 * 1024 + random.nextInt(4096));
        return "["
                + contact(random, 62515L).replace("}", ",\"sourceId\":\"" + padding + "\"}")
                + "]";
    }

    private static WebhookRequest wrongContentType(Random random) {
        String[] types = {
            "text/plain",
            "application/xml",
            "",
            "application/x-www-form-urlencoded",
            "application/jsonp",
            "multipart/form-data; boundary=x"
        };
        WebhookRequest signed = signed(batch(random, 1), now());
        Map<String, String> headers = new HashMap<>(signed.headers());
        headers.put("content-type", types[random.nextInt(types.length)]);
        return new WebhookRequest(SOURCE, "POST", "", headers, signed.body());
    }

    private static WebhookRequest invalidUtf8(Random random) {
        byte[] body = batch(random, 1).getBytes(StandardCharsets.UTF_8);
        int at = 2 + random.nextInt(body.length - 4);
        byte[] broken = new byte[body.length + 2];
        System.arraycopy(body, 0, broken, 0, at);
        broken[at] = (byte) 0xC3;
        broken[at + 1] = (byte) (0x00 + random.nextInt(0x40));
        System.arraycopy(body, at, broken, at + 2, body.length - at);
        return signedBytes(broken, now());
    }

    private static WebhookRequest foreignPortal(Random random) {
        List<String> items = new ArrayList<>();
        int count = 1 + random.nextInt(5);
        int foreign = random.nextInt(count);
        for (int i = 0; i < count; i++) {
            items.add(contact(random, i == foreign ? 1L + random.nextInt(60_000) : 62515L));
        }
        return signed("[" + String.join(",", items) + "]", now());
    }

    /** A signature and timestamp captured from one delivery, sent with another body. */
    private static WebhookRequest replayed(Random random) {
        WebhookRequest captured = signed(batch(random, 1), now());
        return new WebhookRequest(
                SOURCE,
                "POST",
                "",
                captured.headers(),
                batch(random, 2).getBytes(StandardCharsets.UTF_8));
    }

    private static WebhookRequest v1Signed(Random random) {
        byte[] body = batch(random, 1).getBytes(StandardCharsets.UTF_8);
        String signature = signature().signV1(body);
        return new WebhookRequest(
                SOURCE,
                "POST",
                "",
                Map.of(
                        "content-type", "application/json",
                        "x-hubspot-signature", signature,
                        "x-hubspot-signature-version", "v1"),
                body);
    }

    private static WebhookRequest wrongFieldTypes(Random random) {
        String[] breakages = {
            "\"objectId\":{}",
            "\"objectId\":-5",
            "\"objectId\":1.5",
            "\"objectId\":\"12a\"",
            "\"occurredAt\":\"yesterday\"",
            "\"occurredAt\":99999999999999999999",
            "\"occurredAt\":1000",
            "\"subscriptionType\":7",
            "\"subscriptionType\":\"\"",
            "\"eventId\":null",
            "\"eventId\":[1]",
            "\"subscriptionId\":true"
        };
        String field = breakages[random.nextInt(breakages.length)];
        String name = field.substring(0, field.indexOf(':'));
        String event = contact(random, 62515L).replaceFirst(name + ":[^,}]*", field);
        return signed("[" + event + "]", now());
    }

    private static HubSpotSignature signature() {
        return new HubSpotSignature(
                LocalRun.DEV_HUBSPOT_SECRET,
                Set.of(HubSpotSignature.Version.V1, HubSpotSignature.Version.V3));
    }

    private static WebhookRequest signed(String body, Instant at) {
        return signedBytes(body.getBytes(StandardCharsets.UTF_8), at);
    }

    private static WebhookRequest signedBytes(byte[] body, Instant at) {
        String timestamp = Long.toString(at.toEpochMilli());
        return withV3(body, timestamp, signature().signV3("POST", URL, body, timestamp));
    }

    private static WebhookRequest withV3(String body, Instant at, String signature) {
        return withV3(
                body.getBytes(StandardCharsets.UTF_8), Long.toString(at.toEpochMilli()), signature);
    }

    private static WebhookRequest withV3(String body, String timestamp, String signature) {
        return withV3(body.getBytes(StandardCharsets.UTF_8), timestamp, signature);
    }

    private static WebhookRequest withV3(byte[] body, String timestamp, String signature) {
        return request(
                body,
                Map.of(
                        "x-hubspot-request-timestamp", timestamp,
                        "x-hubspot-signature-v3", signature));
    }

    private static WebhookRequest request(String body, Map<String, String> signing) {
        return request(body.getBytes(StandardCharsets.UTF_8), signing);
    }

    private static WebhookRequest request(byte[] body, Map<String, String> signing) {
        Map<String, String> headers = new HashMap<>(signing);
        headers.put("content-type", "application/json");
        return new WebhookRequest(SOURCE, "POST", "", headers, body);
    }

    private static String randomBase64(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
