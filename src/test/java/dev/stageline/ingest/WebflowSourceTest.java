package dev.stageline.ingest;

import static dev.stageline.ingest.FormSourceTest.context;
import static dev.stageline.ingest.FormSourceTest.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stageline.engine.LeadEvent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code webflow} source of config/sources.yaml: Webflow's signature over {@code
 * timestamp:body} and its form_submission payload.
 */
class WebflowSourceTest {

    private static final String SECRET = "test-webflow-secret-0123456789";
    private static final String TIMESTAMP = "1793610900000";

    /**
     * Computed independently with {@code printf '%s' "1793610900000:$(cat
     * events/webflow/contact-us.json)" | openssl dgst -sha256 -hmac
     * "test-webflow-secret-0123456789"}.
     */
    private static final String SIGNATURE =
            "c63c67ad207f644a442bb175a6b14954481b41b72dede9f70a92cbcf78eb5bc3";

    private static final Instant SIGNED_AT = Instant.ofEpochMilli(Long.parseLong(TIMESTAMP));

    private final Source webflow =
            SourceCatalog.load("config/sources.yaml").source("webflow").orElseThrow();

    private static byte[] sample() {
        try {
            return Files.readAllBytes(Path.of("events/webflow/contact-us.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> headers(String timestamp, String signature) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-webflow-timestamp", timestamp);
        headers.put("x-webflow-signature", signature);
        return headers;
    }

    private Source.Delivery read(Map<String, String> headers, byte[] body, Instant now) {
        Source.Context base = context("STAGELINE_SECRET_WEBFLOW", SECRET);
        return webflow.read(
                post("webflow", headers, "", body),
                new Source.Context(base.secrets(), base.allowedAttributes(), now));
    }

    private RejectedRequest refused(Map<String, String> headers, byte[] body, Instant now) {
        return assertThrows(RejectedRequest.class, () -> read(headers, body, now));
    }

    /** A body signed now with the test secret by the class under test (after the vector holds). */
    private static Map<String, String> signed(byte[] body) {
        return headers(TIMESTAMP, new WebflowSignature(SECRET).sign(TIMESTAMP, body));
    }

    @Test
    void sign_whenOpensslVector_matches() {
        assertEquals(SIGNATURE, new WebflowSignature(SECRET).sign(TIMESTAMP, sample()));
    }

    @Test
    void read_whenSignedSample_mapsTheSubmission() {
        Source.Delivery delivery =
                read(headers(TIMESTAMP, SIGNATURE), sample(), SIGNED_AT.plusSeconds(2));

        assertEquals("6321ca84df3949bfc6752327", delivery.deliveryId());
        assertEquals(
                List.of(
                        new LeadEvent(
                                // sha256 of "ann@example.com", from `printf 'ann@example.com' |
                                // sha256sum`
                                "webflow:sha256-71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b16696476",
                                "6321ca84df3949bfc6752327",
                                Instant.parse("2026-11-02T09:15:00.117Z"),
                                "form_submitted",
                                Map.of("country", "FR", "company_size", "11-50"))),
                delivery.events());
    }

    @Test
    void read_whenSignatureUpperCaseHex_stillMatches() {
        assertEquals(
                1,
                read(headers(TIMESTAMP, SIGNATURE.toUpperCase()), sample(), SIGNED_AT)
                        .events()
                        .size());
    }

    @Test
    void read_whenSignatureMissingOrWrong_refuses401() {
        Map<String, String> none = new HashMap<>(Map.of("content-type", "application/json"));
        String flipped = (SIGNATURE.charAt(0) == 'c' ? "d" : "c") + SIGNATURE.substring(1);
        byte[] changedBody =
                new String(sample(), StandardCharsets.UTF_8)
                        .replace("ann@example.com", "eve@example.com")
                        .getBytes(StandardCharsets.UTF_8);

        assertEquals("missing_signature", refused(none, sample(), SIGNED_AT).code());
        assertEquals(
                "bad_signature", refused(headers(TIMESTAMP, flipped), sample(), SIGNED_AT).code());
        assertEquals(
                "bad_signature", refused(headers(TIMESTAMP, "zz"), sample(), SIGNED_AT).code());
        assertEquals(
                "bad_signature",
                refused(headers(TIMESTAMP, SIGNATURE), changedBody, SIGNED_AT).code());
        assertEquals(
                "x-webflow-signature does not match the body; check the source's secret",
                refused(headers(TIMESTAMP, flipped), sample(), SIGNED_AT).getMessage());
    }

    @Test
    void read_whenTimestampStaleOrMalformed_refuses401() {
        RejectedRequest stale =
                refused(headers(TIMESTAMP, SIGNATURE), sample(), SIGNED_AT.plusSeconds(301));
        RejectedRequest future =
                refused(headers(TIMESTAMP, SIGNATURE), sample(), SIGNED_AT.minusSeconds(400));
        RejectedRequest seconds = refused(headers("1793610900", SIGNATURE), sample(), SIGNED_AT);
        RejectedRequest text = refused(headers("yesterday", SIGNATURE), sample(), SIGNED_AT);

        assertEquals("stale_timestamp", stale.code());
        assertEquals(
                "x-webflow-timestamp is 301 s in the past; at most 300 s either way is accepted",
                stale.getMessage());
        assertEquals(
                "x-webflow-timestamp is 400 s in the future; at most 300 s either way is accepted",
                future.getMessage());
        assertEquals("stale_timestamp", seconds.code());
        assertEquals("bad_timestamp", text.code());
    }

    @Test
    void read_whenNotJson_refuses415() {
        Map<String, String> form = headers(TIMESTAMP, SIGNATURE);
        form.put("content-type", "application/x-www-form-urlencoded");

        assertEquals(415, refused(form, sample(), SIGNED_AT).status());
    }

    @Test
    void read_whenOtherTrigger_refusesUnsupportedTrigger() {
        byte[] body =
                "{\"triggerType\":\"site_publish\",\"payload\":{}}"
                        .getBytes(StandardCharsets.UTF_8);

        RejectedRequest e = refused(signed(body), body, SIGNED_AT);

        assertEquals("unsupported_trigger", e.code());
        assertEquals(
                "triggerType must be form_submission, got '\"site_publish\"'; subscribe this URL to"
                        + " form submissions only",
                e.getMessage());
    }

    @Test
    void read_whenPayloadIncomplete_namesTheField() {
        byte[] noData =
                "{\"triggerType\":\"form_submission\",\"payload\":{\"id\":\"x\"}}"
                        .getBytes(StandardCharsets.UTF_8);
        byte[] noId =
                ("{\"triggerType\":\"form_submission\",\"payload\":{\"data\":{\"email\":\"a@b.example\"},"
                     + "\"submittedAt\":\"2026-11-02T09:15:00Z\"}}")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] badTime =
                ("{\"triggerType\":\"form_submission\",\"payload\":{\"data\":{\"email\":\"a@b.example\"},"
                     + "\"id\":\"s1\",\"submittedAt\":\"soon\"}}")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] nested =
                ("{\"triggerType\":\"form_submission\",\"payload\":{\"data\":{\"email\":[\"a\"]},"
                                + "\"id\":\"s1\",\"submittedAt\":\"2026-11-02T09:15:00Z\"}}")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] malformed = "{\"triggerType\":".getBytes(StandardCharsets.UTF_8);

        assertEquals(
                "payload.data must be an object of the form's fields",
                refused(signed(noData), noData, SIGNED_AT).getMessage());
        assertEquals(
                "payload.id must be the submission's id, 1 to 256 characters",
                refused(signed(noId), noId, SIGNED_AT).getMessage());
        assertEquals(
                "payload.submittedAt must be an ISO-8601 date-time, got \"soon\"",
                refused(signed(badTime), badTime, SIGNED_AT).getMessage());
        assertEquals(
                "payload.data field 'email' holds array; form fields are strings, numbers or"
                        + " booleans",
                refused(signed(nested), nested, SIGNED_AT).getMessage());
        assertEquals("malformed_body", refused(signed(malformed), malformed, SIGNED_AT).code());
    }

    @Test
    void configurationProblems_whenSecretShort_namesIt() {
        assertEquals(
                List.of(
                        "STAGELINE_SECRET_WEBFLOW is not a usable secret: Webflow's signing secrets"
                                + " are at least 16 characters"),
                webflow.configurationProblems(name -> java.util.Optional.of("short")));
    }
}
