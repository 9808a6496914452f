package dev.stageline.ingest;

import static dev.stageline.ingest.SourceFixtures.catalog;
import static dev.stageline.ingest.SourceFixtures.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stageline.engine.LeadEvent;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code typeform} source of config/sources.yaml reading events/typeform/form-response.json,
 * and every way a response is refused. Signatures were computed with openssl, not by the code under
 * test.
 */
class TypeformSourceTest {

    /** The local run's dev secret, which signed the sample. */
    private static final String SECRET = "stageline-local-typeform-secret";

    /**
     * {@code openssl dgst -sha256 -hmac stageline-local-typeform-secret -binary <
     * events/typeform/form-response.json | base64}.
     */
    private static final String SAMPLE_SIGNATURE =
            "sha256=P+7PXWbDR4RzHyAsMxO/Wryiudo/JGd5hORXv0d4gOQ=";

    private static final Instant NOW = Instant.parse("2026-11-02T09:15:01Z");
    private static final String SAMPLE = read("events/typeform/form-response.json");

    private final Source typeform =
            catalog(read("config/sources.yaml")).source("typeform").orElseThrow();

    private static Source.Context context() {
        return SourceFixtures.context("STAGELINE_SECRET_TYPEFORM", SECRET, NOW);
    }

    private static WebhookRequest request(String body, String signature) {
        return new WebhookRequest(
                "typeform",
                Map.of("content-type", "application/json", "typeform-signature", signature),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** Signed as Typeform would; the signing itself is proven by the openssl vectors here. */
    private static WebhookRequest signed(String body) {
        return request(
                body, new TypeformSignature(SECRET).sign(body.getBytes(StandardCharsets.UTF_8)));
    }

    private RejectedRequest refusal(WebhookRequest request) {
        return assertThrows(RejectedRequest.class, () -> typeform.read(request, context()));
    }

    // the signature

    /**
     * {@code printf '{"event_id":"e1"}' | openssl dgst -sha256 -hmac tf-test-secret -binary |
     * base64}.
     */
    @Test
    void sign_whenIndependentVector_matchesOpenssl() {
        assertEquals(
                "sha256=Okpxy+RSc3QT9ZqJv3CsjU3po4Mxw1BHowHnJ3HZlbw=",
                new TypeformSignature("tf-test-secret")
                        .sign("{\"event_id\":\"e1\"}".getBytes(StandardCharsets.UTF_8)));
    }

    // responses that map

    @Test
    void read_whenSampleResponse_mapsAnswersHiddenFieldsAndScore() {
        Source.Delivery delivery = typeform.read(request(SAMPLE, SAMPLE_SIGNATURE), context());

        assertEquals("01JBX7V9Q2M4T8K3N6P0R5S1WZ", delivery.deliveryId());
        assertEquals(
                List.of(
                        new LeadEvent(
                                "typeform:TF-2001",
                                "a3a12ec67a1365927098a606107fac15",
                                Instant.parse("2026-11-02T09:14:10Z"),
                                "form_submitted",
                                Map.of(
                                        "company_size",
                                        new BigDecimal("240"),
                                        "country",
                                        "DE",
                                        "budget_confirmed",
                                        true,
                                        "source",
                                        "webinar",
                                        "score",
                                        new BigDecimal("55")))),
                delivery.events());
    }

    /** {@code printf laura@example.com | sha256sum}. */
    @Test
    void read_whenLeadKeyIsAnEmailAnswer_keysOnItsSha256() {
        Source source =
                catalog(
                                """
                                sources:
                                  typeform:
                                    kind: typeform
                                    secret: STAGELINE_SECRET_TYPEFORM
                                    leadKey: answer:work_email
                                """)
                        .source("typeform")
                        .orElseThrow();

        LeadEvent event =
                source.read(request(SAMPLE, SAMPLE_SIGNATURE), context()).events().getFirst();

        assertEquals(
                "typeform:sha256-c1d571b0b31d8cb221b46a1cf715146322f10bade76fb1095169c40a2798a503",
                event.leadKey());
        assertEquals(Map.of(), event.attributes());
    }

    @Test
    void read_whenChoicesAnswer_joinsTheLabels() {
        String body =
                SAMPLE.replace(
                        "{\"type\":\"choice\",\"choice\":{\"id\":\"k9pR2\",\"label\":\"DE\"}",
                        "{\"type\":\"choices\",\"choices\":{\"labels\":[\"DE\",\"AT\"],\"other\":\"CH\"}");

        LeadEvent event = typeform.read(signed(body), context()).events().getFirst();

        assertEquals("DE; AT; CH", event.attributes().get("country"));
    }

    @Test
    void read_whenEventTypeIsNotFormResponse_storesNothingAndCountsItIgnored() {
        Source.Delivery delivery =
                typeform.read(
                        signed(SAMPLE.replace("\"form_response\",", "\"form_response_partial\",")),
                        context());

        assertEquals(List.of(), delivery.events());
        assertEquals(1, delivery.ignored());
    }

    // refusals

    @Test
    void read_whenNoSignature_refusesBeforeReadingTheBody() {
        WebhookRequest request =
                new WebhookRequest(
                        "typeform",
                        Map.of("content-type", "application/json"),
                        "{".getBytes(StandardCharsets.UTF_8));

        RejectedRequest e = refusal(request);

        assertEquals(401, e.status());
        assertEquals("missing_signature", e.code());
    }

    @Test
    void read_whenBodyChangedAfterSigning_refusesAsBadSignature() {
        RejectedRequest e =
                refusal(request(SAMPLE.replace("TF-2001", "TF-2002"), SAMPLE_SIGNATURE));

        assertEquals(401, e.status());
        assertEquals("bad_signature", e.code());
    }

    @Test
    void read_whenSignatureLacksThePrefix_refusesAsBadSignature() {
        RejectedRequest e =
                refusal(request(SAMPLE, SAMPLE_SIGNATURE.substring("sha256=".length())));

        assertEquals("bad_signature", e.code());
    }

    @Test
    void read_whenContentTypeIsForm_refuses415() {
        WebhookRequest request =
                new WebhookRequest(
                        "typeform",
                        Map.of(
                                "content-type",
                                "application/x-www-form-urlencoded",
                                "typeform-signature",
                                SAMPLE_SIGNATURE),
                        SAMPLE.getBytes(StandardCharsets.UTF_8));

        assertEquals(415, refusal(request).status());
    }

    @Test
    void read_whenBodyIsNotJson_refusesAsMalformed() {
        RejectedRequest e = refusal(signed("{\"event_id\":"));

        assertEquals(400, e.status());
        assertEquals("malformed_body", e.code());
    }

    @Test
    void read_whenLeadIdHiddenFieldMissing_refusesNamingIt() {
        RejectedRequest e = refusal(signed(SAMPLE.replace("\"lead_id\":\"TF-2001\",", "")));

        assertEquals(400, e.status());
        assertEquals("the lead id, hidden field 'lead_id', is missing", e.getMessage());
    }

    @Test
    void read_whenSubmittedAtHasNoOffset_refusesNamingIt() {
        RejectedRequest e =
                refusal(signed(SAMPLE.replace("2026-11-02T09:14:10Z", "2026-11-02 09:14:10")));

        assertTrue(e.getMessage().startsWith("form_response.submitted_at must be"), e.getMessage());
    }

    @Test
    void read_whenTokenMissing_refusesNamingIt() {
        RejectedRequest e =
                refusal(
                        signed(
                                SAMPLE.replace(
                                        "\"token\":\"a3a12ec67a1365927098a606107fac15\",", "")));

        assertEquals("token must be a non-empty string", e.getMessage());
    }

    @Test
    void read_whenMappedAnswerHasAnUnusableType_refusesNamingTheRef() {
        String body =
                SAMPLE.replace(
                        "{\"type\":\"number\",\"number\":240,",
                        "{\"type\":\"payment\",\"payment\":{\"amount\":\"10\"},");

        RejectedRequest e = refusal(signed(body));

        assertTrue(
                e.getMessage().contains("answer 'company_size' has type 'payment'"),
                e.getMessage());
    }

    @Test
    void read_whenNumberAnswerIsText_refusesNamingTheRef() {
        RejectedRequest e = refusal(signed(SAMPLE.replace("\"number\":240", "\"number\":\"240\"")));

        assertEquals("answer 'company_size' must be a number", e.getMessage());
    }

    @Test
    void read_whenBodyIsAnArray_refuses() {
        assertEquals("invalid_body", refusal(signed("[" + SAMPLE + "]")).code());
    }

    // configuration

    @Test
    void parse_whenLeadKeyHasNoPlace_refusesNamingTheForm() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                catalog(
                                        """
                                        sources:
                                          typeform:
                                            kind: typeform
                                            secret: S
                                            leadKey: lead_id
                                        """));

        assertTrue(e.getMessage().contains("hidden:<hidden field name>"), e.getMessage());
    }

    @Test
    void parse_whenUnknownKey_refusesNamingIt() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                catalog(
                                        """
                                        sources:
                                          typeform:
                                            kind: typeform
                                            secret: S
                                            leadKey: hidden:lead_id
                                            hiddenFields: {a: b}
                                        """));

        assertTrue(e.getMessage().contains("unknown key 'hiddenFields'"), e.getMessage());
    }
}
