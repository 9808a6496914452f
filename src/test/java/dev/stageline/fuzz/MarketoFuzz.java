package dev.stageline.fuzz;

import dev.stageline.ingest.WebhookRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Hostile and malformed Marketo webhook calls for the {@code marketo} source of
 * config/sources.yaml: bodies broken by tokens sent without encoding, missing or wrong secret
 * headers, wrong content types, invalid UTF-8, deep or oversized JSON, and missing fields. Every
 * case must be refused with a 4xx and store nothing, given the secrets in {@link #SECRETS}.
 */
public final class MarketoFuzz {

    public static final String SOURCE = "marketo";
    public static final String SECRET = "mkto-sample-secret-8e20b6a5";
    public static final Map<String, String> SECRETS = Map.of("STAGELINE_SECRET_MARKETO", SECRET);

    private static final String HEADER = "x-stageline-token";
    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String[] NASTY = {
        "Jack & Jill",
        "The \"Big\" Expo",
        "line one\nline two",
        "C:\\Users",
        "100% sure",
        "a=b&c",
        "tab\there",
        "end\r\n"
    };

    private MarketoFuzz() {}

    /** At least 150 cases, different for each seed of {@code random}. */
    public static List<FuzzCase> cases(Random random) {
        List<Function<Random, FuzzCase>> kinds =
                List.of(
                        MarketoFuzz::unescapedJsonToken,
                        MarketoFuzz::unescapedFormToken,
                        MarketoFuzz::unescapedQueryToken,
                        MarketoFuzz::missingHeader,
                        MarketoFuzz::wrongHeader,
                        MarketoFuzz::wrongContentType,
                        MarketoFuzz::invalidUtf8,
                        MarketoFuzz::deepNesting,
                        MarketoFuzz::oversize,
                        MarketoFuzz::missingField,
                        MarketoFuzz::badTime,
                        MarketoFuzz::notAnObject,
                        MarketoFuzz::wrongMethod,
                        MarketoFuzz::tooManyFields,
                        MarketoFuzz::garbage);
        List<FuzzCase> cases = new ArrayList<>();
        for (int round = 0; round < 11; round++) {
            for (Function<Random, FuzzCase> kind : kinds) {
                cases.add(kind.apply(random));
            }
        }
        return cases;
    }

    private static String nasty(Random random) {
        return NASTY[random.nextInt(NASTY.length)];
    }

    private static int leadId(Random random) {
        return 1 + random.nextInt(1_000_000);
    }

    /** A JSON template's body with {@code source} pasted in raw, as encoding None would. */
    private static String json(Random random, String source) {
        return "{\"leadId\": \""
                + leadId(random)
                + "\", \"callId\": \"2026-11-06 08:12:40\", \"type\": \"form_submitted\","
                + " \"occurredAt\": \"2026-11-06 08:12:40\", \"source\": \""
                + source
                + "\"}";
    }

    private static String form(Random random, String source) {
        return "leadId="
                + leadId(random)
                + "&callId=c1&type=form_submitted&occurredAt=2026-11-06+08%3A12%3A40&source="
                + source;
    }

    private static FuzzCase post(String kind, String contentType, byte[] body, boolean token) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", contentType);
        if (token) {
            headers.put(HEADER, SECRET);
        }
        return new FuzzCase(kind, SOURCE, new WebhookRequest(SOURCE, "POST", "", headers, body));
    }

    private static FuzzCase post(String kind, String contentType, String body) {
        return post(kind, contentType, body.getBytes(StandardCharsets.UTF_8), true);
    }

    private static FuzzCase unescapedJsonToken(Random random) {
        String value = nasty(random);
        while (!value.contains("\"")
                && !value.contains("\n")
                && !value.contains("\\")
                && !value.contains("\t")
                && !value.contains("\r")) {
            value = nasty(random);
        }
        return post("unescaped_json_token", JSON, json(random, value));
    }

    private static FuzzCase unescapedFormToken(Random random) {
        String value = nasty(random);
        while (!value.matches("(?s).*[&\" \n%\r].*")) {
            value = nasty(random);
        }
        return post("unescaped_form_token", FORM, form(random, value));
    }

    private static FuzzCase unescapedQueryToken(Random random) {
        return new FuzzCase(
                "unescaped_query_token",
                SOURCE,
                new WebhookRequest(
                        SOURCE,
                        "GET",
                        form(random, "Jack & Jill"),
                        Map.of(HEADER, SECRET),
                        new byte[0]));
    }

    private static FuzzCase missingHeader(Random random) {
        return post(
                "missing_token",
                JSON,
                json(random, "Webinar").getBytes(StandardCharsets.UTF_8),
                false);
    }

    private static FuzzCase wrongHeader(Random random) {
        String[] guesses = {
            SECRET.toUpperCase(), SECRET + " ", "", SECRET.substring(1), "Bearer " + SECRET
        };
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", JSON);
        headers.put(HEADER, guesses[random.nextInt(guesses.length)]);
        return new FuzzCase(
                "bad_token",
                SOURCE,
                new WebhookRequest(
                        SOURCE,
                        "POST",
                        "",
                        headers,
                        json(random, "Webinar").getBytes(StandardCharsets.UTF_8)));
    }

    private static FuzzCase wrongContentType(Random random) {
        String[] types = {"text/plain", "", "application/xml", "multipart/form-data", "text/json"};
        return post("wrong_content_type", types[random.nextInt(types.length)], json(random, "x"));
    }

    private static FuzzCase invalidUtf8(Random random) {
        byte[] start = json(random, "").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[start.length + 2];
        int quote = start.length - 2;
        System.arraycopy(start, 0, body, 0, quote);
        body[quote] = (byte) 0xC3;
        body[quote + 1] = (byte) (random.nextBoolean() ? 0x28 : 0xFF);
        System.arraycopy(start, quote, body, quote + 2, 2);
        boolean form = random.nextBoolean();
        if (form) {
            body =
                    ("leadId=1&callId=c&type=t&occurredAt=2026-11-06+08%3A12%3A40&source=%C3"
                                    + (random.nextBoolean() ? "%28" : "%FF"))
                            .getBytes(StandardCharsets.UTF_8);
        }
        return post("invalid_utf8", form ? FORM : JSON, body, true);
    }

    private static FuzzCase deepNesting(Random random) {
        int depth = 17 + random.nextInt(2_000);
        return post(
                "deep_nesting",
                JSON,
                "{\"leadId\": 1, \"x\": " + "[".repeat(depth) + "]".repeat(depth) + "}");
    }

    private static FuzzCase oversize(Random random) {
        return post(
                "oversize", JSON, json(random, "x".repeat(256 * 1024 + random.nextInt(100_000))));
    }

    private static FuzzCase missingField(Random random) {
        String[] bodies = {
            "{\"callId\": \"c\", \"type\": \"t\", \"occurredAt\": \"2026-11-06 08:12:40\"}",
            "{\"leadId\": 1, \"type\": \"t\", \"occurredAt\": \"2026-11-06 08:12:40\"}",
            "{\"leadId\": 1, \"callId\": \"c\", \"occurredAt\": \"2026-11-06 08:12:40\"}",
            "{\"leadId\": 1, \"callId\": \"c\", \"type\": \"t\"}",
            "{\"leadId\": null, \"callId\": \"c\", \"type\": \"t\", \"occurredAt\": 1}",
            "{\"leadId\": \"\", \"callId\": \"c\", \"type\": \"t\", \"occurredAt\": \"2026-11-06"
                + " 08:12:40\"}"
        };
        return post("missing_field", JSON, bodies[random.nextInt(bodies.length)]);
    }

    private static FuzzCase badTime(Random random) {
        String[] times = {
            "06/11/2026",
            "2999-01-01 00:00:00",
            "1969-12-31T23:59:59Z",
            "0",
            "soon",
            "2026-11-06 25:00:00",
            "99999999999999999999"
        };
        return post(
                "bad_time",
                JSON,
                "{\"leadId\": \""
                        + leadId(random)
                        + "\", \"callId\": \"c\", \"type\": \"t\", \"occurredAt\": \""
                        + times[random.nextInt(times.length)]
                        + "\"}");
    }

    private static FuzzCase notAnObject(Random random) {
        String[] bodies = {"[]", "[{}]", "\"text\"", "42", "null", "", "{}", "{\"leadId\": 1} {}"};
        return post("not_an_object", JSON, bodies[random.nextInt(bodies.length)]);
    }

    private static FuzzCase wrongMethod(Random random) {
        String[] methods = {"PUT", "DELETE", "PATCH", "OPTIONS"};
        return new FuzzCase(
                "wrong_method",
                SOURCE,
                new WebhookRequest(
                        SOURCE,
                        methods[random.nextInt(methods.length)],
                        "",
                        Map.of("content-type", JSON, HEADER, SECRET),
                        json(random, "x").getBytes(StandardCharsets.UTF_8)));
    }

    private static FuzzCase tooManyFields(Random random) {
        StringBuilder form = new StringBuilder(form(random, "x"));
        int extra = 500 + random.nextInt(500);
        for (int i = 0; i < extra; i++) {
            form.append("&f").append(i).append("=v");
        }
        return post("too_many_fields", FORM, form.toString());
    }

    private static FuzzCase garbage(Random random) {
        byte[] body = new byte[1 + random.nextInt(2048)];
        random.nextBytes(body);
        return post("garbage", random.nextBoolean() ? JSON : FORM, body, true);
    }
}
