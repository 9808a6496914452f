package dev.stageline.fuzz;

import dev.stageline.ingest.WebhookRequest;
import dev.stageline.local.LocalRun;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Hostile and malformed posts for the {@code form} source of config/sources.yaml, each of which
 * must be refused with a 4xx and store nothing. Posts that should get past authentication carry the
 * local run's token.
 */
public final class FormFuzz {

    static final String SOURCE = "form";
    static final String FORM = "application/x-www-form-urlencoded";

    private FormFuzz() {}

    /** A valid submission but for what a case changes. */
    static String valid(Random random) {
        return "lead_id=F-"
                + random.nextInt(1_000_000)
                + "&submission_id=s-"
                + random.nextInt(1_000_000)
                + "&submitted_at=2026-11-02T09%3A15%3A00Z&country=DE";
    }

    public static List<FuzzCase> cases(Random random) {
        String token = LocalRun.DEV_SECRETS.get("STAGELINE_SECRET_FORM");
        List<Function<Random, FuzzCase>> kinds =
                List.of(
                        r ->
                                post(
                                        "broken escape",
                                        token,
                                        valid(r) + "&utm_source=" + brokenEscape(r)),
                        r ->
                                post(
                                        "invalid UTF-8",
                                        token,
                                        valid(r) + "&utm_source=" + invalidUtf8(r)),
                        r ->
                                raw(
                                        "raw invalid UTF-8",
                                        token,
                                        valid(r),
                                        new byte[] {'&', 'x', '=', (byte) (0x80 + r.nextInt(64))}),
                        r -> withType("wrong content type", token, valid(r), wrongType(r)),
                        r -> post("missing token", "", valid(r)),
                        r -> post("bad token", randomToken(r, token), valid(r)),
                        r ->
                                post(
                                        "oversize",
                                        token,
                                        valid(r) + "&pad=" + "x".repeat(65_536 + r.nextInt(1000))),
                        r ->
                                post(
                                        "too many fields",
                                        token,
                                        valid(r) + "&f=1".repeat(201 + r.nextInt(100))),
                        r ->
                                post(
                                        "field too long",
                                        token,
                                        valid(r)
                                                + "&utm_source="
                                                + "y".repeat(8_193 + r.nextInt(100))),
                        r -> post("repeated lead id", token, valid(r) + "&lead_id=other"),
                        r ->
                                post(
                                        "missing lead id",
                                        token,
                                        valid(r).replaceFirst("lead_id=[^&]*&", "")),
                        r ->
                                post(
                                        "bad time",
                                        token,
                                        valid(r).replace("2026-11-02T09%3A15%3A00Z", badTime(r))),
                        r ->
                                post(
                                        "future time",
                                        token,
                                        valid(r).replace(
                                                        "2026-11-02",
                                                        "20" + (50 + r.nextInt(40)) + "-01-01")),
                        r ->
                                post(
                                        "control character",
                                        token,
                                        valid(r) + "&country=D%" + controlCharacter(r) + "E"),
                        r -> post("empty field name", token, valid(r) + "&=" + r.nextInt()));
        List<FuzzCase> cases = new ArrayList<>();
        for (int i = 0; i < 165; i++) {
            cases.add(kinds.get(i % kinds.size()).apply(random));
        }
        return cases;
    }

    /** A control character other than tab and line breaks, which attributes may hold. */
    static String controlCharacter(Random random) {
        int[] codes = {0x00, 0x01, 0x07, 0x08, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F};
        return String.format("%02X", codes[random.nextInt(codes.length)]);
    }

    static String brokenEscape(Random random) {
        String[] broken = {"%", "%4", "%G1", "%%", "%x%y", "abc%2", "%-1"};
        return "a" + broken[random.nextInt(broken.length)];
    }

    static String invalidUtf8(Random random) {
        String[] invalid = {"%FF", "%C3%28", "%E2%82", "%C0%AF", "%ED%A0%80", "%F8%88%80%80%80"};
        return "b" + invalid[random.nextInt(invalid.length)];
    }

    static String wrongType(Random random) {
        String[] types = {
            "",
            "application/json",
            "text/plain",
            "multipart/form-data; boundary=x",
            FORM + "; charset=ISO-8859-1",
            "application/x-www-form-urlencodedx",
            "text/html"
        };
        return types[random.nextInt(types.length)];
    }

    static String randomToken(Random random, String right) {
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < 8 + random.nextInt(40); i++) {
            token.append((char) ('!' + random.nextInt(94)));
        }
        return token.toString().equals(right) ? right + "x" : token.toString();
    }

    static String badTime(Random random) {
        String[] times = {
            "yesterday",
            "2026-13-02T09%3A15%3A00Z",
            "2026-11-02",
            "1985-01-01T00%3A00%3A00Z",
            "-5",
            "9999999999999999999"
        };
        return times[random.nextInt(times.length)];
    }

    static FuzzCase post(String kind, String token, String body) {
        return raw(kind, token, body, new byte[0]);
    }

    static FuzzCase raw(String kind, String token, String body, byte[] tail) {
        byte[] head = body.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + tail.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        System.arraycopy(tail, 0, bytes, head.length, tail.length);
        return request(kind, SOURCE, FORM, token, bytes);
    }

    static FuzzCase withType(String kind, String token, String body, String type) {
        return request(kind, SOURCE, type, token, body.getBytes(StandardCharsets.UTF_8));
    }

    static FuzzCase request(String kind, String source, String type, String token, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", type);
        if (!token.isEmpty()) {
            headers.put("x-stageline-token", token);
        }
        return new FuzzCase(kind, source, new WebhookRequest(source, headers, body));
    }
}
