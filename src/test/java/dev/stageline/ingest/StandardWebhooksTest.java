package dev.stageline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Standard Webhooks as spec/webhooks.md describes it, starting from the published test vector: a
 * request that fails any check is refused with 401 and a code naming the problem.
 */
class StandardWebhooksTest {

    // The published test vector.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    /** The vector's signature with its last base64 character changed: well formed, wrong. */
    private static final String WRONG_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=";

    private static final Clock AT_TIMESTAMP =
            Clock.fixed(Instant.ofEpochSecond(TIMESTAMP), ZoneOffset.UTC);

    private static final Instant NOW = AT_TIMESTAMP.instant();

    /** The timestamp as the webhook-timestamp header carries it. */
    private static final String SENT_AT = "1614265330";

    private final StandardWebhooks scheme = StandardWebhooks.fromSecret(SECRET);

    @Test
    void sign_whenPublishedTestVector_givesPublishedSignature() {
        assertEquals(SIGNATURE, scheme.sign(ID, TIMESTAMP, BODY));
    }

    @Test
    void verify_whenPublishedTestVector_returnsTheMessageId() {
        String id = scheme.verify(headers(ID, SENT_AT, SIGNATURE), BODY, NOW);

        assertEquals(ID, id);
    }

    @Test
    void verify_whenOneOfSeveralSignaturesMatches_returnsTheMessageId() {
        String signatures = "v1,bm90IHRoZSBzaWduYXR1cmU= " + WRONG_SIGNATURE + " " + SIGNATURE;

        String id = scheme.verify(headers(ID, SENT_AT, signatures), BODY, NOW);

        assertEquals(ID, id);
    }

    @Test
    void verify_whenAnEntryBeforeTheMatchIsNotBase64_returnsTheMessageId() {
        String signatures = "v1,***not-base64*** " + SIGNATURE;

        String id = scheme.verify(headers(ID, SENT_AT, signatures), BODY, NOW);

        assertEquals(ID, id);
    }

    @Test
    void verify_whenTheMatchingSignatureIsNotMarkedV1_isRefused() {
        String unversioned = SIGNATURE.substring("v1,".length());

        assertRefused(
                "bad_signature",
                () ->
                        scheme.verify(
                                headers(ID, SENT_AT, "v2," + unversioned + " " + unversioned),
                                BODY,
                                NOW));
    }

    @Test
    void verify_whenWebhookIdMissing_isRefused() {
        Map<String, String> headers = headers(ID, SENT_AT, SIGNATURE);
        headers.remove("webhook-id");

        RejectedRequest refused =
                assertRefused("missing_signature", () -> scheme.verify(headers, BODY, NOW));

        assertTrue(refused.getMessage().contains("webhook-id"), refused.getMessage());
    }

    @Test
    void verify_whenWebhookTimestampMissing_isRefused() {
        Map<String, String> headers = headers(ID, SENT_AT, SIGNATURE);
        headers.remove("webhook-timestamp");

        RejectedRequest refused =
                assertRefused("missing_signature", () -> scheme.verify(headers, BODY, NOW));

        assertTrue(refused.getMessage().contains("webhook-timestamp"), refused.getMessage());
    }

    @Test
    void verify_whenWebhookSignatureMissing_isRefused() {
        Map<String, String> headers = headers(ID, SENT_AT, SIGNATURE);
        headers.remove("webhook-signature");

        RejectedRequest refused =
                assertRefused("missing_signature", () -> scheme.verify(headers, BODY, NOW));

        assertTrue(refused.getMessage().contains("webhook-signature"), refused.getMessage());
    }

    @Test
    void verify_whenWebhookSignatureBlank_isRefused() {
        RejectedRequest refused =
                assertRefused(
                        "missing_signature",
                        () -> scheme.verify(headers(ID, SENT_AT, "  "), BODY, NOW));

        assertTrue(refused.getMessage().contains("webhook-signature"), refused.getMessage());
    }

    @Test
    void verify_whenTimestampFiveMinutesOld_isAccepted() {
        Instant now = Instant.ofEpochSecond(TIMESTAMP + 300);

        assertEquals(ID, scheme.verify(headers(ID, SENT_AT, SIGNATURE), BODY, now));
    }

    @Test
    void verify_whenTimestampMoreThanFiveMinutesOld_isRefused() {
        Instant now = Instant.ofEpochSecond(TIMESTAMP + 301);

        RejectedRequest refused =
                assertRefused(
                        "stale_timestamp",
                        () -> scheme.verify(headers(ID, SENT_AT, SIGNATURE), BODY, now));

        assertTrue(refused.getMessage().contains("301 s"), refused.getMessage());
    }

    @Test
    void verify_whenTimestampFiveMinutesAhead_isAccepted() {
        Instant now = Instant.ofEpochSecond(TIMESTAMP - 300);

        assertEquals(ID, scheme.verify(headers(ID, SENT_AT, SIGNATURE), BODY, now));
    }

    @Test
    void verify_whenTimestampMoreThanFiveMinutesAhead_isRefused() {
        Instant now = Instant.ofEpochSecond(TIMESTAMP - 301);

        assertRefused(
                "stale_timestamp", () -> scheme.verify(headers(ID, SENT_AT, SIGNATURE), BODY, now));
    }

    @Test
    void verify_whenTimestampIsNotANumber_isRefused() {
        RejectedRequest refused =
                assertRefused(
                        "bad_timestamp",
                        () ->
                                scheme.verify(
                                        headers(ID, "2021-02-25T15:02:10Z", SIGNATURE), BODY, NOW));

        assertTrue(refused.getMessage().contains("2021-02-25T15:02:10Z"), refused.getMessage());
    }

    @Test
    void verify_whenTimestampInMilliseconds_isRefusedAsStale() {
        assertRefused(
                "stale_timestamp",
                () -> scheme.verify(headers(ID, "1614265330000", SIGNATURE), BODY, NOW));
    }

    @Test
    void verify_whenBodyTampered_isRefused() {
        byte[] tampered = "{\"test\": 2432232315}".getBytes(UTF_8);

        assertRefused(
                "bad_signature",
                () -> scheme.verify(headers(ID, SENT_AT, SIGNATURE), tampered, NOW));
    }

    @Test
    void verify_whenIdTampered_isRefused() {
        assertRefused(
                "bad_signature",
                () ->
                        scheme.verify(
                                headers("msg_p5jXN8AQM9LWM0D4loKWxJeK", SENT_AT, SIGNATURE),
                                BODY,
                                NOW));
    }

    @Test
    void verify_whenSignedWithAnotherSecret_isRefused() {
        // The same key bytes with the last base64 character changed.
        StandardWebhooks other =
                StandardWebhooks.fromSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSA");

        assertRefused(
                "bad_signature", () -> other.verify(headers(ID, SENT_AT, SIGNATURE), BODY, NOW));
    }

    @Test
    void verify_whenOnlySignatureIsNotBase64_isRefused() {
        assertRefused(
                "bad_signature",
                () -> scheme.verify(headers(ID, SENT_AT, "v1,***not-base64***"), BODY, NOW));
    }

    @Test
    void fromSecret_whenNotBase64_isRefused() {
        IllegalArgumentException refused =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> StandardWebhooks.fromSecret("whsec_not base64!"));

        assertTrue(refused.getMessage().contains("whsec_"), refused.getMessage());
    }

    private static Map<String, String> headers(String id, String timestamp, String signature) {
        Map<String, String> headers = new HashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", timestamp);
        headers.put("webhook-signature", signature);
        return headers;
    }

    /** Asserts a 401 with {@code code} and returns the refusal for its message. */
    private static RejectedRequest assertRefused(String code, Runnable verification) {
        RejectedRequest refused = assertThrows(RejectedRequest.class, verification::run);
        assertEquals(401, refused.status());
        assertEquals(code, refused.code());
        return refused;
    }
}
