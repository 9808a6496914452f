package dev.stageline.fuzz;

import dev.stageline.local.LocalRun;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Hostile and malformed posts for the {@code unbounce} source of config/sources.yaml, each of which
 * must be refused with a 4xx and store nothing.
 */
public final class UnbounceFuzz {

    static final String SOURCE = "unbounce";

    private UnbounceFuzz() {}

    private static String post(String dataJson) {
        return "page_id=p-1&page_url=https%3A%2F%2Funbounce.example%2F&variant=a&data.json="
                + URLEncoder.encode(dataJson, StandardCharsets.UTF_8);
    }

    private static String answers(Random random) {
        return "{\"email\":[\"u"
                + random.nextInt(1_000_000)
                + "@example.com\"],\"country\":[\"DE\"]}";
    }

    public static List<FuzzCase> cases(Random random) {
        String token = LocalRun.DEV_SECRETS.get("STAGELINE_SECRET_UNBOUNCE");
        List<Function<Random, FuzzCase>> kinds =
                List.of(
                        r -> form("missing token", "", post(answers(r))),
                        r -> form("bad token", FormFuzz.randomToken(r, token), post(answers(r))),
                        r ->
                                typed(
                                        "wrong content type",
                                        token,
                                        post(answers(r)),
                                        FormFuzz.wrongType(r)),
                        r ->
                                form(
                                        "no data.json",
                                        token,
                                        "page_id=p-1&variant=a&email=x%40y.example"),
                        r ->
                                form(
                                        "data.json not JSON",
                                        token,
                                        post(
                                                "{\"email\":[\"a@b.example\""
                                                        + "]".repeat(r.nextInt(3)))),
                        r ->
                                form(
                                        "data.json not an object",
                                        token,
                                        post(r.nextBoolean() ? "[]" : "\"text\"")),
                        r ->
                                form(
                                        "answer not an array",
                                        token,
                                        post("{\"email\":\"a" + r.nextInt() + "@b.example\"}")),
                        r ->
                                form(
                                        "answer holds an object",
                                        token,
                                        post("{\"email\":[{\"v\":" + r.nextInt() + "}]}")),
                        r ->
                                form(
                                        "deep nesting",
                                        token,
                                        post(
                                                "{\"email\":"
                                                        + "[".repeat(20 + r.nextInt(50))
                                                        + "]".repeat(20 + r.nextInt(50))
                                                        + "}")),
                        r ->
                                form(
                                        "duplicate JSON key",
                                        token,
                                        post(
                                                "{\"email\":[\"a@b.example\"],\"email\":[\"c@d.example\"]}")),
                        r ->
                                form(
                                        "two lead ids",
                                        token,
                                        post(
                                                "{\"email\":[\"a@b.example\",\"c"
                                                        + r.nextInt()
                                                        + "@d.example\"]}")),
                        r -> form("missing email", token, post("{\"country\":[\"DE\"]}")),
                        r ->
                                form(
                                        "bad submission time",
                                        token,
                                        post(
                                                "{\"email\":[\"a@b.example\"],\"date_submitted\":[\""
                                                        + r.nextInt(31)
                                                        + "/11/2026\"],\"time_submitted\":[\"09:15"
                                                        + " AM UTC\"]}")),
                        r ->
                                form(
                                        "invalid UTF-8",
                                        token,
                                        post(answers(r)) + "&page_name=" + FormFuzz.invalidUtf8(r)),
                        r ->
                                form(
                                        "broken escape",
                                        token,
                                        post(answers(r))
                                                + "&page_name="
                                                + FormFuzz.brokenEscape(r)),
                        r ->
                                form(
                                        "oversize",
                                        token,
                                        post(answers(r))
                                                + "&pad="
                                                + "z".repeat(131_073 + r.nextInt(1000))),
                        r ->
                                form(
                                        "repeated data.json",
                                        token,
                                        post(answers(r))
                                                + "&data.json="
                                                + URLEncoder.encode(
                                                        answers(r), StandardCharsets.UTF_8)));
        List<FuzzCase> cases = new ArrayList<>();
        for (int i = 0; i < 170; i++) {
            cases.add(kinds.get(i % kinds.size()).apply(random));
        }
        return cases;
    }

    private static FuzzCase form(String kind, String token, String body) {
        return typed(kind, token, body, FormFuzz.FORM);
    }

    private static FuzzCase typed(String kind, String token, String body, String type) {
        return FormFuzz.request(kind, SOURCE, type, token, body.getBytes(StandardCharsets.UTF_8));
    }
}
