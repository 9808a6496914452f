package dev.stageline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stageline.engine.LeadEvent;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code form} source of config/sources.yaml and form posts in general: decoding, mapping,
 * token and Standard Webhooks authentication, and every way a post is refused.
 */
class FormSourceTest {

    static final Set<String> ALLOWED =
            Set.of(
                    "score",
                    "country",
                    "source",
                    "lead_status",
                    "company_size",
                    "budget_confirmed",
                    "deal_stage");
    static final Instant NOW = Instant.parse("2026-11-10T00:00:00Z");
    static final String TOKEN = "test-form-token-0123456789";
    static final String FORM_TYPE = "application/x-www-form-urlencoded";

    private final Source form =
            SourceCatalog.load("config/sources.yaml").source("form").orElseThrow();

    static Source.Context context(String reference, String secret) {
        return new Source.Context(
                name -> name.equals(reference) ? Optional.of(secret) : Optional.empty(),
                ALLOWED,
                NOW);
    }

    static WebhookRequest post(
            String source, Map<String, String> headers, String query, byte[] body) {
        return new WebhookRequest(source, "POST", query, headers, body);
    }

    private static WebhookRequest formPost(String body) {
        return post(
                "form",
                Map.of("content-type", FORM_TYPE, "x-stageline-token", TOKEN),
                "",
                body.getBytes(StandardCharsets.UTF_8));
    }

    private Source.Delivery read(WebhookRequest request) {
        return form.read(request, context("STAGELINE_SECRET_FORM", TOKEN));
    }

    private RejectedRequest refused(WebhookRequest request) {
        return assertThrows(RejectedRequest.class, () -> read(request));
    }

    private static Source parse(String yaml, String name) {
        return SourceCatalog.parse("config/test-sources.yaml", yaml).source(name).orElseThrow();
    }

    // mapping

    @Test
    void read_whenSampleBody_mapsTheFieldsAsConfigured() throws Exception {
        String body =
                java.nio.file.Files.readString(java.nio.file.Path.of("events/form/contact.txt"))
                        .strip();

        Source.Delivery delivery = read(formPost(body));

        assertEquals(
                List.of(
                        new LeadEvent(
                                "form:L-2001",
                                "sub-7001",
                                Instant.parse("2026-11-02T09:15:00Z"),
                                "form_submitted",
                                Map.of(
                                        "country",
                                        "DE",
                                        "source",
                                        "trade fair",
                                        "company_size",
                                        "51-200"))),
                delivery.events());
    }

    @Test
    void read_whenPlusAndPercentEscapes_decodesThemAsUtf8() {
        Source.Delivery delivery =
                read(
                        formPost(
                                "lead_id=L-1&submission_id=s1&submitted_at=2026-11-02T09%3A15%3A00Z"
                                    + "&utm_source=Caf%C3%A9+M%C3%BCller+%E2%82%AC&country=DE"));

        assertEquals("Café Müller €", delivery.events().get(0).attributes().get("source"));
    }

    @Test
    void read_whenAttributeRepeats_takesTheLastValue() {
        Source.Delivery delivery =
                read(
                        formPost(
                                "lead_id=L-1&submission_id=s1&submitted_at=2026-11-02T09:15:00Z"
                                        + "&country=DE&country=FR"));

        assertEquals("FR", delivery.events().get(0).attributes().get("country"));
    }

    @Test
    void read_whenNoIdAndNoTimeFields_digestsTheFieldsAndDatesTheReceipt() {
        Source source =
                parse(
                        """
                        sources:
                          plain:
                            kind: form
                            auth: header
                            secret: STAGELINE_SECRET_FORM
                            leadKey: lead_id
                            attributes:
                              country: country
                              source: utm_source
                        """,
                        "plain");
        WebhookRequest first =
                post(
                        "plain",
                        Map.of("content-type", FORM_TYPE, "x-stageline-token", TOKEN),
                        "",
                        "utm_source=webinar&lead_id=L-2001&country=DE"
                                .getBytes(StandardCharsets.UTF_8));
        WebhookRequest reordered =
                post(
                        "plain",
                        Map.of("content-type", FORM_TYPE, "x-stageline-token", TOKEN),
                        "",
                        "country=DE&lead_id=L-2001&utm_source=webinar"
                                .getBytes(StandardCharsets.UTF_8));
        WebhookRequest other =
                post(
                        "plain",
                        Map.of("content-type", FORM_TYPE, "x-stageline-token", TOKEN),
                        "",
                        "country=FR&lead_id=L-2001&utm_source=webinar"
                                .getBytes(StandardCharsets.UTF_8));
        Source.Context context = context("STAGELINE_SECRET_FORM", TOKEN);

        LeadEvent event = source.read(first, context).events().get(0);

        // digests computed with Python's hashlib over the documented canonical form
        assertEquals("form-baf17d6ea4a79d5916a02dd99a63276a", event.eventId());
        assertEquals(NOW, event.occurredAt());
        assertEquals("form_submitted", event.type());
        assertEquals(event.eventId(), source.read(reordered, context).events().get(0).eventId());
        assertEquals(
                "form-6837fb611dbd3ad46d42edaf30c2e703",
                source.read(other, context).events().get(0).eventId());
    }

    @Test
    void read_whenQueryTokenScheme_acceptsTheRightTokenOnly() {
        Source source =
                parse(
                        """
                        sources:
                          q:
                            kind: form
                            auth: query
                            tokenParameter: key
                            secret: STAGELINE_SECRET_FORM
                            leadKey: lead_id
                        """,
                        "q");
        byte[] body = "lead_id=L-1".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("content-type", FORM_TYPE);
        Source.Context context = context("STAGELINE_SECRET_FORM", TOKEN);

        assertEquals(
                "q:L-1",
                source.read(post("q", headers, "key=" + TOKEN, body), context)
                        .events()
                        .get(0)
                        .leadKey());
        RejectedRequest wrong =
                assertThrows(
                        RejectedRequest.class,
                        () -> source.read(post("q", headers, "key=" + TOKEN + "x", body), context));
        assertEquals("bad_token", wrong.code());
        RejectedRequest missing =
                assertThrows(
                        RejectedRequest.class,
                        () -> source.read(post("q", headers, "other=1", body), context));
        assertEquals("missing_token", missing.code());
        assertEquals(
                "the query parameter key is missing; send the source's token in it",
                missing.getMessage());
    }

    @Test
    void read_whenStandardWebhooksScheme_usesTheMessageIdAsEventId() {
        Source source =
                parse(
                        """
                        sources:
                          signed:
                            kind: form
                            auth: standard-webhooks
                            secret: STAGELINE_SECRET_WEB
                            leadKey: lead_id
                        """,
                        "signed");
        // the Standard Webhooks specification's test secret; the signature is made by the
        // scheme's own class, whose published vector StandardWebhooksTest checks
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        byte[] body = "lead_id=L-9".getBytes(StandardCharsets.UTF_8);
        long at = NOW.getEpochSecond();
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", FORM_TYPE);
        headers.put("webhook-id", "msg_form_1");
        headers.put("webhook-timestamp", Long.toString(at));
        headers.put(
                "webhook-signature",
                StandardWebhooks.fromSecret(secret).sign("msg_form_1", at, body));

        Source.Delivery delivery =
                source.read(
                        post("signed", headers, "", body), context("STAGELINE_SECRET_WEB", secret));

        assertEquals("msg_form_1", delivery.deliveryId());
        assertEquals("msg_form_1", delivery.events().get(0).eventId());
        headers.put("webhook-signature", "v1,AAAA");
        RejectedRequest bad =
                assertThrows(
                        RejectedRequest.class,
                        () ->
                                source.read(
                                        post("signed", headers, "", body),
                                        context("STAGELINE_SECRET_WEB", secret)));
        assertEquals("bad_signature", bad.code());
    }

    // refusals

    @Test
    void read_whenTokenMissingOrWrong_refuses401BeforeReadingTheBody() {
        WebhookRequest missing =
                post(
                        "form",
                        Map.of("content-type", FORM_TYPE),
                        "",
                        "%zz".getBytes(StandardCharsets.UTF_8));
        WebhookRequest wrong =
                post(
                        "form",
                        Map.of(
                                "content-type",
                                FORM_TYPE,
                                "x-stageline-token",
                                "nope-nope-nope-nope"),
                        "",
                        "%zz".getBytes(StandardCharsets.UTF_8));

        assertEquals(401, refused(missing).status());
        assertEquals("missing_token", refused(missing).code());
        assertEquals("bad_token", refused(wrong).code());
        assertEquals(
                "the x-stageline-token header does not hold the source's token",
                refused(wrong).getMessage());
    }

    @Test
    void read_whenSecretUnset_answers503() {
        RejectedRequest e =
                assertThrows(
                        RejectedRequest.class,
                        () -> form.read(formPost("lead_id=1"), context("OTHER", TOKEN)));

        assertEquals(503, e.status());
        assertEquals("source_unavailable", e.code());
    }

    @Test
    void read_whenNotAFormPost_refuses415() {
        WebhookRequest json =
                post(
                        "form",
                        Map.of("content-type", "application/json", "x-stageline-token", TOKEN),
                        "",
                        "{}".getBytes(StandardCharsets.UTF_8));
        WebhookRequest latin1 =
                post(
                        "form",
                        Map.of(
                                "content-type",
                                FORM_TYPE + "; charset=ISO-8859-1",
                                "x-stageline-token",
                                TOKEN),
                        "",
                        "lead_id=1".getBytes(StandardCharsets.UTF_8));

        assertEquals(415, refused(json).status());
        assertEquals(
                "send application/x-www-form-urlencoded, got 'application/json'",
                refused(json).getMessage());
        assertEquals(415, refused(latin1).status());
        assertEquals(
                "form:1",
                read(post(
                                "form",
                                Map.of(
                                        "content-type",
                                        FORM_TYPE + "; charset=UTF-8",
                                        "x-stageline-token",
                                        TOKEN),
                                "",
                                "lead_id=1&submission_id=s&submitted_at=2026-11-02T09:15:00Z"
                                        .getBytes(StandardCharsets.UTF_8)))
                        .events()
                        .get(0)
                        .leadKey());
    }

    @Test
    void read_whenEscapesBroken_refusesMalformedBody() {
        for (String body : new String[] {"lead_id=%", "lead_id=%4", "lead_id=%G1", "%=1"}) {
            RejectedRequest e = refused(formPost(body));
            assertEquals("malformed_body", e.code(), body);
            assertTrue(
                    e.getMessage().contains("'%' not followed by two hex digits"), e.getMessage());
        }
    }

    @Test
    void read_whenDecodedBytesAreNotUtf8_refusesInvalidEncoding() {
        for (String body :
                new String[] {"lead_id=%FF", "lead_id=%C3%28", "country=%E2%82", "%C0%AF=1"}) {
            RejectedRequest e = refused(formPost(body));
            assertEquals(400, e.status());
            assertEquals("invalid_encoding", e.code(), body);
        }
        byte[] raw = {'l', 'e', 'a', 'd', '_', 'i', 'd', '=', (byte) 0xE9};
        assertEquals(
                "invalid_encoding",
                refused(
                                post(
                                        "form",
                                        Map.of(
                                                "content-type",
                                                FORM_TYPE,
                                                "x-stageline-token",
                                                TOKEN),
                                        "",
                                        raw))
                        .code());
    }

    @Test
    void read_whenIdentityFieldRepeatsOrIsMissing_namesIt() {
        RejectedRequest repeated =
                refused(
                        formPost(
                                "lead_id=1&lead_id=2&submission_id=s&submitted_at=2026-11-02T09:15:00Z"));
        RejectedRequest missing =
                refused(formPost("submission_id=s&submitted_at=2026-11-02T09:15:00Z"));
        RejectedRequest badTime =
                refused(formPost("lead_id=1&submission_id=s&submitted_at=yesterday"));

        assertEquals("repeated_field", repeated.code());
        assertEquals(
                "field 'lead_id' is sent 2 times; it must have one value", repeated.getMessage());
        assertEquals("the lead id (field 'lead_id') is missing", missing.getMessage());
        assertEquals(
                "the time (field 'submitted_at') must be an ISO-8601 date-time with an offset or"
                        + " epoch milliseconds, got 'yesterday'",
                badTime.getMessage());
    }

    @Test
    void read_whenTooManyFieldsOrTooLong_refusesWithTheLimit() {
        String many = "a=1&".repeat(201);
        String longValue = "lead_id=" + "x".repeat(8193);

        RejectedRequest tooMany = refused(formPost(many));
        RejectedRequest tooLong = refused(formPost(longValue));

        assertEquals("too_many_fields", tooMany.code());
        assertEquals(
                "the form has more than 200 fields; this source accepts at most 200",
                tooMany.getMessage());
        assertEquals("field_too_long", tooLong.code());
        assertEquals("the value of form field 1 is longer than 8192 bytes", tooLong.getMessage());
    }

    @Test
    void read_whenAttributeHoldsAControlCharacter_refusesIt() {
        RejectedRequest e =
                refused(
                        formPost(
                                "lead_id=1&submission_id=s&submitted_at=2026-11-02T09:15:00Z"
                                        + "&country=D%1BE"));

        assertEquals("attribute country holds a control character", e.getMessage());
    }

    // configuration

    @Test
    void parse_whenAuthMissingOrUnknown_stopsStartUp() {
        IllegalArgumentException missing =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                parse(
                                        "sources:\n"
                                            + "  f:\n"
                                            + "    kind: form\n"
                                            + "    secret: S\n"
                                            + "    leadKey: id\n",
                                        "f"));
        IllegalArgumentException none =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                parse(
                                        "sources:\n"
                                            + "  f:\n"
                                            + "    kind: form\n"
                                            + "    auth: none\n"
                                            + "    secret: S\n"
                                            + "    leadKey: id\n",
                                        "f"));

        assertTrue(missing.getMessage().contains("'auth' is required"), missing.getMessage());
        assertTrue(none.getMessage().contains("unknown auth 'none'"), none.getMessage());
    }

    @Test
    void parse_whenSecretReferenceMalformed_stopsStartUp() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                parse(
                                        "sources:\n  f:\n    kind: form\n    auth: header\n"
                                                + "    secret: 'file:relative'\n    leadKey: id\n",
                                        "f"));

        assertTrue(
                e.getMessage()
                        .startsWith(
                                "config/test-sources.yaml: source 'f': secret"
                                        + " reference 'file:relative' is not usable"),
                e.getMessage());
    }

    @Test
    void configurationProblems_whenTokenShort_namesIt() {
        assertEquals(
                List.of(
                        "STAGELINE_SECRET_FORM is not a usable secret: a token holds at least 16"
                                + " characters; this one holds 5"),
                form.configurationProblems(name -> Optional.of("short")));
        assertEquals(List.of(), form.configurationProblems(name -> Optional.of(TOKEN)));
        assertEquals(List.of(), form.configurationProblems(name -> Optional.empty()));
    }
}
