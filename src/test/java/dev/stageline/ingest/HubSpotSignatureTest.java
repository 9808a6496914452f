package dev.stageline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stageline.ingest.HubSpotSignature.Version;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * HubSpot's published signature examples (docs/webhooks spec, secret {@code yyyyyyyy-...}), and
 * which requests verify: v3 within five minutes, v1 and v2 only when configured.
 */
class HubSpotSignatureTest {

    private static final String SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    private static final String URI = "https://www.example.com/webhook_uri";
    private static final String V1_BODY =
            "[{\"eventId\":1,\"subscriptionId\":12345,\"portalId\":62515,\"occurredAt\":1564113600000,"
                + "\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":123,"
                + "\"changeSource\":\"CRM\",\"changeFlag\":\"NEW\",\"appId\":54321}]";
    private static final String V3_BODY = "{'example_field':'example_value'}";
    private static final Instant V3_SENT = Instant.ofEpochMilli(15_000_000L);

    private final HubSpotSignature all =
            new HubSpotSignature(SECRET, Set.of(Version.V1, Version.V2, Version.V3));
    private final HubSpotSignature v3Only = new HubSpotSignature(SECRET, Set.of(Version.V3));

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static WebhookRequest request(
            String method, String query, Map<String, String> headers, String body) {
        return new WebhookRequest("hubspot", method, query, headers, bytes(body));
    }

    /** A request signed the v1 or v2 way, as {@code version} says. */
    private static WebhookRequest olderRequest(String signature, String version, String body) {
        return request(
                "POST",
                "",
                Map.of("x-hubspot-signature", signature, "x-hubspot-signature-version", version),
                body);
    }

    private static WebhookRequest v3Request(String signature, String timestamp) {
        return request(
                "POST",
                "",
                Map.of(
                        "x-hubspot-signature-v3",
                        signature,
                        "x-hubspot-request-timestamp",
                        timestamp),
                V3_BODY);
    }

    // the published vectors

    @Test
    void signV1_whenPublishedExample_matchesPublishedSignature() {
        assertEquals(
                "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de",
                all.signV1(bytes(V1_BODY)));
    }

    @Test
    void signV2_whenPublishedGetExample_matchesPublishedSignature() {
        assertEquals(
                "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e",
                all.signV2("GET", URI, new byte[0]));
    }

    @Test
    void signV2_whenPublishedPostExample_matchesPublishedSignature() {
        assertEquals(
                "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900",
                all.signV2("POST", URI, bytes("{\"example_field\":\"example_value\"}")));
    }

    @Test
    void signV3_whenPublishedExample_matchesPublishedSignature() {
        assertEquals(
                "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=",
                all.signV3("POST", URI, bytes(V3_BODY), "15000000"));
    }

    // verifying requests

    @Test
    void verify_whenV3ExampleWithinFiveMinutes_passes() {
        WebhookRequest request =
                v3Request("HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=", "15000000");

        v3Only.verify(request, URI, V3_SENT.plusSeconds(299));
        v3Only.verify(request, URI, V3_SENT.minusSeconds(299));
    }

    @Test
    void verify_whenV3TimestampOlderThanFiveMinutes_refusesAsStale() {
        WebhookRequest request =
                v3Request("HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=", "15000000");

        RejectedRequest e =
                assertThrows(
                        RejectedRequest.class,
                        () -> v3Only.verify(request, URI, V3_SENT.plusSeconds(301)));

        assertEquals(401, e.status());
        assertEquals("stale_timestamp", e.code());
        assertTrue(e.getMessage().contains("301 s in the past"), e.getMessage());
    }

    @Test
    void verify_whenV3TimestampFarInTheFuture_refusesAsStale() {
        WebhookRequest request =
                v3Request("HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=", "15000000");

        RejectedRequest e =
                assertThrows(
                        RejectedRequest.class,
                        () -> v3Only.verify(request, URI, V3_SENT.minusSeconds(301)));

        assertEquals("stale_timestamp", e.code());
        assertTrue(e.getMessage().contains("in the future"), e.getMessage());
    }

    @Test
    void verify_whenV3SignatureOfOtherBody_refusesAsBadSignature() {
        WebhookRequest request =
                request(
                        "POST",
                        "",
                        Map.of(
                                "x-hubspot-signature-v3",
                                "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=",
                                "x-hubspot-request-timestamp",
                                "15000000"),
                        "{'example_field':'other_value'}");

        RejectedRequest e =
                assertThrows(RejectedRequest.class, () -> v3Only.verify(request, URI, V3_SENT));

        assertEquals(401, e.status());
        assertEquals("bad_signature", e.code());
    }

    @Test
    void verify_whenV3SignedForAnotherUrl_refusesAsBadSignature() {
        WebhookRequest request =
                v3Request("HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=", "15000000");

        RejectedRequest e =
                assertThrows(
                        RejectedRequest.class,
                        () -> v3Only.verify(request, "https://www.example.com/other", V3_SENT));

        assertEquals("bad_signature", e.code());
    }

    @Test
    void verify_whenV3TimestampNotANumber_refusesNamingTheHeader() {
        WebhookRequest request = v3Request("HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=", "soon");

        RejectedRequest e =
                assertThrows(RejectedRequest.class, () -> v3Only.verify(request, URI, V3_SENT));

        assertEquals("bad_timestamp", e.code());
        assertTrue(e.getMessage().contains("X-HubSpot-Request-Timestamp"), e.getMessage());
    }

    @Test
    void verify_whenV3WithoutTimestamp_refusesAsMissing() {
        WebhookRequest request =
                request(
                        "POST",
                        "",
                        Map.of(
                                "x-hubspot-signature-v3",
                                "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw="),
                        V3_BODY);

        RejectedRequest e =
                assertThrows(RejectedRequest.class, () -> v3Only.verify(request, URI, V3_SENT));

        assertEquals("missing_signature", e.code());
    }

    /**
     * Signed with {@code printf 'POSThttps://api.example.com/webhooks/hubspot?app=stageline:prod[]
     * 1793610901000' | openssl dgst -sha256 -hmac yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy -binary |
     * base64} (no space before the timestamp): HubSpot signs {@code %3A} decoded.
     */
    @Test
    void verify_whenQueryHasAnEncodedColon_signsItDecodedAsHubSpotDoes() {
        WebhookRequest request =
                request(
                        "POST",
                        "app=stageline%3Aprod",
                        Map.of(
                                "x-hubspot-signature-v3",
                                "qMHtdskyarABBoXyitLtGOhCtETk8JPq4Tfih6Lpjbg=",
                                "x-hubspot-request-timestamp",
                                "1793610901000"),
                        "[]");

        v3Only.verify(
                request,
                "https://api.example.com/webhooks/hubspot",
                Instant.ofEpochMilli(1_793_610_901_000L));
    }

    @Test
    void verify_whenNoSignatureHeader_refusesAsMissing() {
        RejectedRequest e =
                assertThrows(
                        RejectedRequest.class,
                        () -> v3Only.verify(request("POST", "", Map.of(), V1_BODY), URI, V3_SENT));

        assertEquals(401, e.status());
        assertEquals("missing_signature", e.code());
    }

    @Test
    void verify_whenV1SignatureButOnlyV3Accepted_refusesNamingTheVersions() {
        WebhookRequest request =
                olderRequest(
                        "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de",
                        "v1",
                        V1_BODY);

        RejectedRequest e =
                assertThrows(RejectedRequest.class, () -> v3Only.verify(request, URI, V3_SENT));

        assertEquals("signature_version_not_accepted", e.code());
        assertTrue(e.getMessage().contains("[v3]"), e.getMessage());
    }

    @Test
    void verify_whenV1AcceptedAndPublishedExample_passesAtAnyTime() {
        WebhookRequest request =
                olderRequest(
                        "232DB2615F3D666FE21A8EC971AC7B5402D33B9A925784DF3CA654D05F4817DE",
                        "v1",
                        V1_BODY);

        new HubSpotSignature(SECRET, Set.of(Version.V1))
                .verify(request, URI, Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void verify_whenV2AcceptedAndPublishedPostExample_passes() {
        WebhookRequest request =
                olderRequest(
                        "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900",
                        "v2",
                        "{\"example_field\":\"example_value\"}");

        new HubSpotSignature(SECRET, Set.of(Version.V2)).verify(request, URI, V3_SENT);
    }

    @Test
    void verify_whenV2SignatureSentAsV1_refusesAsBadSignature() {
        WebhookRequest request =
                olderRequest(
                        "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900",
                        "v1",
                        "{\"example_field\":\"example_value\"}");

        RejectedRequest e =
                assertThrows(RejectedRequest.class, () -> all.verify(request, URI, V3_SENT));

        assertEquals("bad_signature", e.code());
    }

    @Test
    void verify_whenUnknownSignatureVersion_refusesNamingIt() {
        WebhookRequest request =
                request(
                        "POST",
                        "",
                        Map.of("x-hubspot-signature", "00", "x-hubspot-signature-version", "v9"),
                        V1_BODY);

        RejectedRequest e =
                assertThrows(RejectedRequest.class, () -> all.verify(request, URI, V3_SENT));

        assertEquals("signature_version_not_accepted", e.code());
        assertTrue(e.getMessage().contains("v9"), e.getMessage());
    }
}
