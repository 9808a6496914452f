package dev.stageline.fuzz;

import dev.stageline.ingest.TypeformSignature;
import dev.stageline.ingest.WebhookRequest;
import dev.stageline.local.LocalRun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Hostile and malformed deliveries for the shipped {@code typeform} source, built from
 * events/typeform/form-response.json; every one must be refused with a 4xx and store nothing.
 * Requests that must get past the signature are signed with the local run's dev secret.
 */
public final class TypeformFuzz {

    static final String SOURCE = "typeform";
    private static final int PER_KIND = 12;

    private TypeformFuzz() {}

    public static List<FuzzCase> cases(Random random) {
        String sample = sample();
        Map<String, Function<Random, WebhookRequest>> kinds = new LinkedHashMap<>();
        kinds.put(
                "broken_body",
                r -> signed(sample.substring(0, 1 + r.nextInt(sample.length() - 2))));
        kinds.put("bad_signature", r -> request(sample, "sha256=" + randomBase64(r)));
        kinds.put("missing_signature", r -> request(sample, ""));
        kinds.put("signature_without_prefix", r -> request(sample, sign(sample).substring(7)));
        kinds.put("signature_of_other_secret", r -> request(sample, otherSecret(r, sample)));
        kinds.put("replayed_signature", r -> request(mutated(r, sample), sign(sample)));
        kinds.put("wrong_content_type", r -> wrongContentType(r, sample));
        kinds.put("invalid_utf8", r -> invalidUtf8(r, sample));
        kinds.put("oversize", r -> signed(oversize(r, sample)));
        kinds.put("deep_nesting", r -> signed(nested(r, sample)));
        kinds.put("too_many_fields", r -> signed(manyHidden(r, sample)));
        kinds.put("not_an_object", r -> signed("[" + sample + "]"));
        kinds.put("missing_lead_id", r -> signed(sample.replace("\"lead_id\":\"TF-2001\",", "")));
        kinds.put("bad_submitted_at", r -> signed(badTime(r, sample)));
        kinds.put("missing_token", r -> signed(sample.replaceFirst("\"token\":\"[^\"]*\",", "")));
        kinds.put("wrong_answer_types", r -> signed(wrongAnswer(r, sample)));
        kinds.put(
                "missing_event_id",
                r -> signed(sample.replaceFirst("\"event_id\":\"[^\"]*\",", "")));

        List<FuzzCase> cases = new ArrayList<>();
        kinds.forEach(
                (kind, make) -> {
                    for (int i = 0; i < PER_KIND; i++) {
                        cases.add(new FuzzCase(kind, SOURCE, make.apply(random)));
                    }
                });
        return cases;
    }

    private static String sample() {
        try {
            return Files.readString(Path.of("events/typeform/form-response.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mutated(Random random, String body) {
        return body.replace("TF-2001", "TF-" + (3000 + random.nextInt(1000)));
    }

    private static String oversize(Random random, String body) {
        String padding = "y".repeat(256 * 1024 + random.nextInt(4096));
        return body.replace("\"utm_source\":\"webinar\"", "\"utm_source\":\"" + padding + "\"");
    }

    private static String nested(Random random, String body) {
        int depth = 17 + random.nextInt(300);
        return body.replace(
                "\"calculated\":{\"score\":55}",
                "\"calculated\":" + "[".repeat(depth) + "]".repeat(depth));
    }

    private static String manyHidden(Random random, String body) {
        StringBuilder fields = new StringBuilder();
        int count = 501 + random.nextInt(500);
        for (int i = 0; i < count; i++) {
            fields.append("\"h").append(i).append("\":\"v\",");
        }
        return body.replace("\"hidden\":{", "\"hidden\":{" + fields);
    }

    private static String badTime(Random random, String body) {
        String[] times = {
            "2026-11-02 09:14:10",
            "yesterday",
            "1793610850",
            "1989-12-31T23:59:59Z",
            "2999-01-01T00:00:00Z",
            "",
            "2026-13-40T25:61:00Z"
        };
        return body.replace("2026-11-02T09:14:10Z", times[random.nextInt(times.length)]);
    }

    private static String wrongAnswer(Random random, String body) {
        String[] breakages = {
            "\"number\":\"240\"", "\"number\":{}", "\"number\":1e400", "\"number\":null"
        };
        String[] others = {
            "{\"type\":\"payment\",\"payment\":{\"amount\":\"1\"},",
            "{\"type\":\"boolean\",\"boolean\":\"yes\",",
            "{\"type\":\"choices\",\"choices\":{\"labels\":\"DE\"},",
            "{\"type\":\"text\",\"text\":\"a\\u0007b\","
        };
        if (random.nextBoolean()) {
            return body.replace("\"number\":240", breakages[random.nextInt(breakages.length)]);
        }
        return body.replace(
                "{\"type\":\"number\",\"number\":240,", others[random.nextInt(others.length)]);
    }

    private static WebhookRequest wrongContentType(Random random, String body) {
        String[] types = {"text/plain", "application/xml", "", "text/json", "application/json-seq"};
        return new WebhookRequest(
                SOURCE,
                Map.of(
                        "content-type",
                        types[random.nextInt(types.length)],
                        "typeform-signature",
                        sign(body)),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static WebhookRequest invalidUtf8(Random random, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int at = bytes.length / 2 + random.nextInt(bytes.length / 3);
        bytes[at] = (byte) (0xF8 + random.nextInt(8));
        return new WebhookRequest(
                SOURCE,
                Map.of(
                        "content-type",
                        "application/json",
                        "typeform-signature",
                        new TypeformSignature(LocalRun.DEV_TYPEFORM_SECRET).sign(bytes)),
                bytes);
    }

    private static String otherSecret(Random random, String body) {
        return new TypeformSignature("not-the-secret-" + random.nextInt(1000))
                .sign(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String sign(String body) {
        return new TypeformSignature(LocalRun.DEV_TYPEFORM_SECRET)
                .sign(body.getBytes(StandardCharsets.UTF_8));
    }

    private static WebhookRequest signed(String body) {
        return request(body, sign(body));
    }

    private static WebhookRequest request(String body, String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        if (!signature.isEmpty()) {
            headers.put("typeform-signature", signature);
        }
        return new WebhookRequest(SOURCE, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String randomBase64(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
