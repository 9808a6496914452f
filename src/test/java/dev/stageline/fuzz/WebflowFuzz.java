package dev.stageline.fuzz;

import dev.stageline.ingest.WebflowSignature;
import dev.stageline.ingest.WebhookRequest;
import dev.stageline.local.LocalRun;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Hostile and malformed requests for the {@code webflow} source of config/sources.yaml, each of
 * which must be refused with a 4xx and store nothing. Requests meant to get past the signature are
 * signed with the local run's secret at the time the cases are made.
 */
public final class WebflowFuzz {

    static final String SOURCE = "webflow";

    private WebflowFuzz() {}

    private static String body(Random random, String data) {
        return "{\"triggerType\":\"form_submission\",\"payload\":{\"name\":\"Contact Us\",\"data\":"
                + data
                + ",\"submittedAt\":\"2026-11-02T09:15:00.117Z\",\"id\":\"wf-"
                + random.nextInt(1_000_000)
                + "\"}}";
    }

    private static String valid(Random random) {
        return body(random, "{\"email\":\"w" + random.nextInt(1_000_000) + "@example.com\"}");
    }

    public static List<FuzzCase> cases(Random random) {
        long now = Instant.now().toEpochMilli();
        List<Function<Random, FuzzCase>> kinds =
                List.of(
                        r -> signed("missing signature", valid(r), null, now),
                        r -> signed("bad signature", valid(r), FormFuzz.randomToken(r, ""), now),
                        r ->
                                signed(
                                        "signature of another secret",
                                        valid(r),
                                        "another-secret-" + r.nextInt(),
                                        now),
                        r ->
                                signed(
                                        "stale timestamp",
                                        valid(r),
                                        "",
                                        now - 301_000 - r.nextInt(10_000_000)),
                        r ->
                                signed(
                                        "future timestamp",
                                        valid(r),
                                        "",
                                        now + 301_000 + r.nextInt(10_000_000)),
                        r -> signed("timestamp in seconds", valid(r), "", now / 1000),
                        r -> replayed(r, now),
                        r -> typed("wrong content type", valid(r), notJson(r), now),
                        r ->
                                signed(
                                        "malformed JSON",
                                        valid(r).substring(0, 10 + r.nextInt(40)),
                                        "",
                                        now),
                        r ->
                                signed(
                                        "deep nesting",
                                        body(
                                                r,
                                                "{\"email\":"
                                                        + "[".repeat(20 + r.nextInt(40))
                                                        + "]".repeat(20 + r.nextInt(40))
                                                        + "}"),
                                        "",
                                        now),
                        r ->
                                signed(
                                        "other trigger",
                                        valid(r).replace(
                                                        "form_submission",
                                                        r.nextBoolean()
                                                                ? "site_publish"
                                                                : "ecomm_new_order"),
                                        "",
                                        now),
                        r ->
                                signed(
                                        "no data",
                                        "{\"triggerType\":\"form_submission\",\"payload\":{\"id\":\"x"
                                                + r.nextInt()
                                                + "\"}}",
                                        "",
                                        now),
                        r ->
                                signed(
                                        "no submission id",
                                        valid(r).replaceFirst(",\"id\":\"wf-[0-9]+\"", ""),
                                        "",
                                        now),
                        r ->
                                signed(
                                        "bad submittedAt",
                                        valid(r).replace(
                                                        "2026-11-02T09:15:00.117Z",
                                                        "soon-" + r.nextInt()),
                                        "",
                                        now),
                        r -> signed("missing email", body(r, "{\"Country\":\"FR\"}"), "", now),
                        r ->
                                signed(
                                        "array field",
                                        body(r, "{\"email\":[\"a@b.example\"]}"),
                                        "",
                                        now),
                        r -> invalidUtf8(r, now),
                        r ->
                                signed(
                                        "oversize",
                                        body(
                                                r,
                                                "{\"email\":\"a@b.example\",\"pad\":\""
                                                        + "p".repeat(131_073 + r.nextInt(1000))
                                                        + "\"}"),
                                        "",
                                        now),
                        r ->
                                signed(
                                        "duplicate key",
                                        body(
                                                r,
                                                "{\"email\":\"a@b.example\",\"email\":\"c@d.example\"}"),
                                        "",
                                        now));
        List<FuzzCase> cases = new ArrayList<>();
        for (int i = 0; i < 171; i++) {
            cases.add(kinds.get(i % kinds.size()).apply(random));
        }
        return cases;
    }

    /** Signed with the local secret, unless {@code secret} is null (unsigned) or names another. */
    private static FuzzCase signed(String kind, String body, String secret, long timestamp) {
        return request(
                kind, "application/json", body.getBytes(StandardCharsets.UTF_8), secret, timestamp);
    }

    /** A content type other than JSON, which is all Webflow sends. */
    private static String notJson(Random random) {
        String type = FormFuzz.wrongType(random);
        return type.startsWith("application/json") ? "text/plain" : type;
    }

    private static FuzzCase typed(String kind, String body, String type, long timestamp) {
        return request(kind, type, body.getBytes(StandardCharsets.UTF_8), "", timestamp);
    }

    /** A genuine signature and timestamp from one submission on the body of another. */
    private static FuzzCase replayed(Random random, long now) {
        WebhookRequest original = signed("replayed", valid(random), "", now).request();
        byte[] other = valid(random).getBytes(StandardCharsets.UTF_8);
        return new FuzzCase(
                "replayed signature",
                SOURCE,
                new WebhookRequest(SOURCE, original.headers(), other));
    }

    private static FuzzCase invalidUtf8(Random random, long now) {
        byte[] body =
                valid(random)
                        .replace("Contact Us", "Contact \u0000")
                        .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                body[i] = (byte) (0xC0 + random.nextInt(2));
            }
        }
        return request("invalid UTF-8", "application/json", body, "", now);
    }

    private static FuzzCase request(
            String kind, String type, byte[] body, String secret, long timestamp) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", type);
        if (secret != null) {
            String key =
                    secret.isEmpty()
                            ? LocalRun.DEV_SECRETS.get("STAGELINE_SECRET_WEBFLOW")
                            : secret;
            String stamp = Long.toString(timestamp);
            headers.put("x-webflow-timestamp", stamp);
            headers.put("x-webflow-signature", new WebflowSignature(key).sign(stamp, body));
        }
        return new FuzzCase(kind, SOURCE, new WebhookRequest(SOURCE, headers, body));
    }
}
