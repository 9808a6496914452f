package dev.stageline.ingest;

import static dev.stageline.ingest.SourceFixtures.catalog;
import static dev.stageline.ingest.SourceFixtures.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stageline.engine.LeadEvent;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code hubspot} source of config/sources.yaml reading the sample deliveries under
 * events/hubspot, and every way a delivery is refused. Expected ids and times are read off the
 * sample files; the samples' signatures were computed with openssl (see
 * events/webhook-hubspot.json).
 */
class HubSpotSourceTest {

    private static final String SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    private static final String URL = "https://api.example.com/webhooks/hubspot";
    private static final String SENT = "1793610901000";
    private static final Instant NOW = Instant.ofEpochMilli(1_793_610_901_000L);

    private final Source hubspot =
            catalog(read("config/sources.yaml")).source("hubspot").orElseThrow();

    private static Source.Context context() {
        return SourceFixtures.context("STAGELINE_SECRET_HUBSPOT", SECRET, NOW);
    }

    private static WebhookRequest request(String body, String signature) {
        return new WebhookRequest(
                "hubspot",
                Map.of(
                        "content-type", "application/json",
                        "x-hubspot-request-timestamp", SENT,
                        "x-hubspot-signature-v3", signature),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** Signed as HubSpot would; the signing itself is proven by HubSpotSignatureTest's vectors. */
    private static WebhookRequest signed(String body) {
        String signature =
                new HubSpotSignature(SECRET, Set.of(HubSpotSignature.Version.V3))
                        .signV3("POST", URL, body.getBytes(StandardCharsets.UTF_8), SENT);
        return request(body, signature);
    }

    private static String event(String type, String fields) {
        return "{\"eventId\":11,\"subscriptionId\":22,\"portalId\":62515,\"appId\":1,"
                + "\"occurredAt\":1793610000000,\"subscriptionType\":\""
                + type
                + "\",\"attemptNumber\":0,\"objectId\":501"
                + (fields.isEmpty() ? "" : "," + fields)
                + "}";
    }

    private RejectedRequest refusal(WebhookRequest request) {
        return assertThrows(RejectedRequest.class, () -> hubspot.read(request, context()));
    }

    // deliveries that map

    @Test
    void read_whenSampleDelivery_takesContactEventsAndCountsTheCompanyEventIgnored() {
        Source.Delivery delivery =
                hubspot.read(
                        request(
                                read("events/hubspot/contact-events.json"),
                                "C0hj8OmQXn5cZsGR+KdlIai3KT/DhkfKUvfeOnh4jfM="),
                        context());

        assertEquals(
                List.of(
                        new LeadEvent(
                                "hubspot:847297356",
                                "62515-2451037-847297356-3814226901-1793610840000",
                                Instant.parse("2026-11-02T09:14:00Z"),
                                "contact_created",
                                Map.of()),
                        new LeadEvent(
                                "hubspot:847297356",
                                "62515-2451038-847297356-1402386712-1793610841000",
                                Instant.parse("2026-11-02T09:14:01Z"),
                                "property_change",
                                Map.of("score", "65")),
                        new LeadEvent(
                                "hubspot:847297356",
                                "62515-2451039-847297356-1402386713-1793610842000",
                                Instant.parse("2026-11-02T09:14:02Z"),
                                "property_change",
                                Map.of("country", "DE"))),
                delivery.events());
        assertEquals(1, delivery.ignored());
    }

    @Test
    void read_whenSampleMerge_keysTheRemainingContactAndNamesTheMergedOneAsAlias() {
        Source.Delivery delivery =
                hubspot.read(
                        request(
                                read("events/hubspot/contact-merged.json"),
                                "IO6ztrXGhUra3rE9ZKgk8M7A407KJfPagEFibmhCQVw="),
                        context());

        assertEquals(
                List.of(
                        new LeadEvent(
                                "hubspot:847297356",
                                "62515-2451041-847297356-977105543-1793614500000",
                                Instant.parse("2026-11-02T10:15:00Z"),
                                "identity.merged",
                                Map.of(),
                                List.of("hubspot:847297401"))),
                delivery.events());
    }

    @Test
    void read_whenMergeCreatedANewContact_keysTheNewOneAndAliasesBoth() {
        Source.Delivery delivery =
                hubspot.read(
                        signed(
                                "["
                                        + event(
                                                "object.merge",
                                                "\"objectTypeId\":\"0-1\",\"primaryObjectId\":501,"
                                                    + "\"mergedObjectIds\":[502],\"newObjectId\":900")
                                        + "]"),
                        context());

        LeadEvent merged = delivery.events().getFirst();
        assertEquals("hubspot:900", merged.leadKey());
        assertEquals(List.of("hubspot:501", "hubspot:502"), merged.aliases());
    }

    @Test
    void read_whenPropertyIsUnmappedOrNotInTheModel_ignoresTheChange() {
        Source.Delivery delivery =
                hubspot.read(
                        signed(
                                "["
                                        + event(
                                                "contact.propertyChange",
                                                "\"propertyName\":\"lifecyclestage\",\"propertyValue\":\"lead\"")
                                        + ","
                                        + event(
                                                "contact.propertyChange",
                                                "\"propertyName\":\"firstname\",\"propertyValue\":\"Ann\"")
                                        + ","
                                        + event("contact.deletion", "")
                                        + ","
                                        + event("object.creation", "\"objectTypeId\":\"0-3\"")
                                        + "]"),
                        context());

        assertEquals(List.of(), delivery.events());
        assertEquals(4, delivery.ignored());
    }

    @Test
    void read_whenLeadStatusChangesToNull_storesTheClearedValueAsEmpty() {
        Source.Delivery delivery =
                hubspot.read(
                        signed(
                                "["
                                        + event(
                                                "contact.propertyChange",
                                                "\"propertyName\":\"hs_lead_status\",\"propertyValue\":null")
                                        + "]"),
                        context());

        assertEquals(Map.of("lead_status", ""), delivery.events().getFirst().attributes());
    }

    // refusals

    @Test
    void read_whenAnEventComesFromAnotherPortal_refusesTheWholeDeliveryWith403() {
        String foreign = event("contact.creation", "").replace("62515", "99999");
        RejectedRequest e =
                refusal(signed("[" + event("contact.creation", "") + "," + foreign + "]"));

        assertEquals(403, e.status());
        assertEquals("unknown_portal", e.code());
        assertTrue(
                e.getMessage().contains("event 1 comes from HubSpot portal 99999"), e.getMessage());
    }

    @Test
    void read_whenNoSignature_refusesBeforeReadingTheBody() {
        WebhookRequest request =
                new WebhookRequest(
                        "hubspot",
                        Map.of("content-type", "application/json"),
                        "not json".getBytes(StandardCharsets.UTF_8));

        RejectedRequest e = refusal(request);

        assertEquals(401, e.status());
        assertEquals("missing_signature", e.code());
    }

    @Test
    void read_whenSignatureIsForAnotherBody_refuses401() {
        RejectedRequest e =
                refusal(
                        request(
                                "[" + event("contact.creation", "") + "]",
                                "C0hj8OmQXn5cZsGR+KdlIai3KT/DhkfKUvfeOnh4jfM="));

        assertEquals(401, e.status());
        assertEquals("bad_signature", e.code());
    }

    @Test
    void read_whenContentTypeIsNotJson_refuses415() {
        WebhookRequest request =
                new WebhookRequest(
                        "hubspot",
                        Map.of("content-type", "text/plain"),
                        "[]".getBytes(StandardCharsets.UTF_8));

        assertEquals(415, refusal(request).status());
    }

    @Test
    void read_whenBodyIsNotJson_refusesAsMalformed() {
        RejectedRequest e = refusal(signed("[{\"eventId\":1,"));

        assertEquals(400, e.status());
        assertEquals("malformed_body", e.code());
    }

    @Test
    void read_whenBodyIsAnObject_refusesSayingHubSpotSendsAnArray() {
        RejectedRequest e = refusal(signed(event("contact.creation", "")));

        assertEquals("invalid_body", e.code());
        assertTrue(e.getMessage().contains("array"), e.getMessage());
    }

    @Test
    void read_whenArrayIsEmpty_refusesAsEmptyBatch() {
        assertEquals("empty_batch", refusal(signed("[]")).code());
    }

    @Test
    void read_whenMoreThanAHundredEvents_refuses413() {
        String events =
                String.join(",", java.util.Collections.nCopies(101, event("contact.creation", "")));

        RejectedRequest e = refusal(signed("[" + events + "]"));

        assertEquals(413, e.status());
        assertEquals("batch_too_large", e.code());
    }

    @Test
    void read_whenObjectIdMissing_refusesNamingTheEventAndField() {
        RejectedRequest e =
                refusal(
                        signed(
                                "["
                                        + event("contact.creation", "")
                                                .replace(",\"objectId\":501", "")
                                        + "]"));

        assertEquals(400, e.status());
        assertEquals("nothing was stored: event 0: objectId is missing", e.getMessage());
    }

    @Test
    void read_whenOccurredAtIsInSeconds_refusesAsBefore1990() {
        RejectedRequest e =
                refusal(
                        signed(
                                "["
                                        + event("contact.creation", "")
                                                .replace("1793610000000", "1793610000")
                                        + "]"));

        assertTrue(e.getMessage().contains("occurredAt is 1970-01-21"), e.getMessage());
    }

    @Test
    void read_whenMergeNamesNoMergedContacts_refusesNamingTheField() {
        RejectedRequest e =
                refusal(signed("[" + event("contact.merge", "\"primaryObjectId\":501") + "]"));

        assertTrue(e.getMessage().contains("mergedObjectIds"), e.getMessage());
    }

    @Test
    void read_whenPropertyValueIsAnObject_refuses() {
        RejectedRequest e =
                refusal(
                        signed(
                                "["
                                        + event(
                                                "contact.propertyChange",
                                                "\"propertyName\":\"country\",\"propertyValue\":{\"a\":1}")
                                        + "]"));

        assertTrue(e.getMessage().contains("propertyValue must be a string"), e.getMessage());
    }

    // configuration

    private static String config(String extra) {
        return """
        sources:
          hubspot:
            kind: hubspot
            secret: S
            publicUrl: https://api.example.com/webhooks/hubspot
        """
                + extra;
    }

    @Test
    void parse_whenShippedConfig_acceptsV3OnlyFromTheExamplePortal() {
        HubSpotSource source = (HubSpotSource) hubspot;

        assertEquals(Set.of(HubSpotSignature.Version.V3), source.versions());
        assertEquals(Set.of(62515L), source.portalIds());
        assertEquals(URL, source.publicUrl());
        assertEquals("hubspot:", source.mapping().leadKeyPrefix());
        assertEquals("score", source.mapping().properties().get("hubspotscore"));
        assertEquals("lead_status", source.mapping().properties().get("hs_lead_status"));
    }

    @Test
    void parse_whenPortalIdsMissing_refusesNamingTheKey() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> catalog(config("")));

        assertTrue(e.getMessage().contains("'portalIds' is required"), e.getMessage());
    }

    @Test
    void parse_whenUnknownKey_refusesNamingIt() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> catalog(config("    portalIds: [1]\n    portalId: 1\n")));

        assertTrue(e.getMessage().contains("unknown key 'portalId'"), e.getMessage());
    }

    @Test
    void parse_whenUnknownSignatureVersion_refusesNamingIt() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                catalog(
                                        config(
                                                "    portalIds: [1]\n"
                                                        + "    signatureVersions: [v3, v4]\n")));

        assertTrue(e.getMessage().contains("'v4'"), e.getMessage());
    }

    @Test
    void parse_whenPublicUrlHasAQuery_refuses() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                catalog(
                                        config("    portalIds: [1]\n")
                                                .replace(
                                                        "webhooks/hubspot\n",
                                                        "webhooks/hubspot?a=1\n")));

        assertTrue(e.getMessage().contains("'publicUrl'"), e.getMessage());
    }

    @Test
    void parse_whenV1Configured_acceptsV1AndV3() {
        HubSpotSource source =
                (HubSpotSource)
                        catalog(config("    portalIds: [1, 2]\n    signatureVersions: [v1, v3]\n"))
                                .source("hubspot")
                                .orElseThrow();

        assertEquals(
                Set.of(HubSpotSignature.Version.V1, HubSpotSignature.Version.V3),
                source.versions());
        assertEquals(Set.of(1L, 2L), source.portalIds());
    }
}
