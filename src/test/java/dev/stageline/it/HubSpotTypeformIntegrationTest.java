package dev.stageline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stageline.handler.Application;
import dev.stageline.handler.WebhookHandler;
import dev.stageline.ingest.HubSpotSignature;
import dev.stageline.ingest.TypeformSignature;
import dev.stageline.local.LocalRun;
import dev.stageline.store.Dynamo;
import dev.stageline.testing.TestEndpoint;
import dev.stageline.testing.TestStack;
import dev.stageline.testing.TestStack.Answer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

/**
 * HubSpot and Typeform deliveries over HTTP into DynamoDB (moto) with the shipped sources and the
 * default model: each event stored once, redeliveries reported as duplicates, refusals storing
 * nothing, and the sample API Gateway events in events/ accepted by the Lambda handler.
 */
class HubSpotTypeformIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The target URL in config/sources.yaml, which HubSpot signs whatever the local address. */
    private static final String HUBSPOT_URL = "https://api.example.com/webhooks/hubspot";

    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("models/default.yaml");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static Answer hubspot(String body, Instant sentAt) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(sentAt.toEpochMilli());
        String signature =
                new HubSpotSignature(
                                LocalRun.DEV_HUBSPOT_SECRET, Set.of(HubSpotSignature.Version.V3))
                        .signV3("POST", HUBSPOT_URL, bytes, timestamp);
        return stack.send(
                HttpRequest.newBuilder(stack.uri("/webhooks/hubspot"))
                        .header("content-type", "application/json")
                        .header("x-hubspot-request-timestamp", timestamp)
                        .header("x-hubspot-signature-v3", signature)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    private static Answer typeform(String body, String signature) {
        return stack.send(
                HttpRequest.newBuilder(stack.uri("/webhooks/typeform"))
                        .header("content-type", "application/json")
                        .header("typeform-signature", signature)
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String typeformSigned(String body) {
        return new TypeformSignature(LocalRun.DEV_TYPEFORM_SECRET)
                .sign(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String contactEvent(
            long eventId, long portal, long contact, long at, String type, String fields) {
        return ("{\"eventId\":%d,\"subscriptionId\":77,\"portalId\":%d,\"appId\":1,"
                        + "\"occurredAt\":%d,\"subscriptionType\":\"%s\",\"attemptNumber\":0,"
                        + "\"objectId\":%d%s}")
                .formatted(eventId, portal, at, type, contact, fields);
    }

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(file));
    }

    @Test
    void hubspot_whenDeliveredAndRedelivered_storesEachEventOnceAndTheLeadMoves() {
        String body =
                "["
                        + contactEvent(1, 62515, 7001, 1793610000000L, "contact.creation", "")
                        + ","
                        + contactEvent(
                                2,
                                62515,
                                7001,
                                1793610060000L,
                                "contact.propertyChange",
                                ",\"propertyName\":\"hubspotscore\",\"propertyValue\":\"72\"")
                        + ","
                        + contactEvent(3, 62515, 55, 1793610060000L, "company.creation", "")
                        + "]";

        Answer first = hubspot(body, Instant.now());
        Answer retry = hubspot(body, Instant.now());
        stack.drain();

        assertEquals(200, first.status(), first.text());
        assertEquals(2, first.body().path("stored").asInt());
        assertEquals(1, first.body().path("ignored").asInt());
        assertEquals(0, retry.body().path("stored").asInt());
        assertEquals(2, retry.body().path("duplicates").asInt());
        JsonNode lead = stack.get("/leads/hubspot:7001").body();
        assertEquals(2, lead.path("events").asInt());
        assertEquals("mql", lead.path("stage").asText());
        assertEquals("72", lead.path("attributes").path("score").asText());
    }

    @Test
    void hubspot_whenOneEventIsFromAnotherPortal_refuses403AndStoresNothing() {
        String body =
                "["
                        + contactEvent(1, 62515, 7101, 1793610000000L, "contact.creation", "")
                        + ","
                        + contactEvent(2, 4242, 7102, 1793610000000L, "contact.creation", "")
                        + "]";

        Answer refused = hubspot(body, Instant.now());
        stack.drain();

        assertEquals(403, refused.status());
        assertEquals("unknown_portal", refused.body().path("error").asText());
        assertEquals(404, stack.get("/leads/hubspot:7101").status());
    }

    @Test
    void hubspot_whenSignedSixMinutesAgo_refuses401AndStoresNothing() {
        String body =
                "[" + contactEvent(1, 62515, 7201, 1793610000000L, "contact.creation", "") + "]";

        Answer refused = hubspot(body, Instant.now().minusSeconds(360));
        stack.drain();

        assertEquals(401, refused.status());
        assertEquals("stale_timestamp", refused.body().path("error").asText());
        assertEquals(404, stack.get("/leads/hubspot:7201").status());
    }

    @Test
    void typeform_whenResponseArrivesTwiceAndUnderANewEventId_storesItOnce() throws IOException {
        String body = read("events/typeform/form-response.json").replace("TF-2001", "TF-3001");
        String resent = body.replace("01JBX7V9Q2M4T8K3N6P0R5S1WZ", "01JBX7V9Q2M4T8K3N6P0R5S1XX");

        Answer first = typeform(body, typeformSigned(body));
        Answer retry = typeform(body, typeformSigned(body));
        Answer other = typeform(resent, typeformSigned(resent));
        stack.drain();

        assertEquals(200, first.status(), first.text());
        assertEquals(1, first.body().path("stored").asInt());
        assertEquals(1, retry.body().path("duplicates").asInt());
        assertEquals(1, other.body().path("duplicates").asInt());
        JsonNode lead = stack.get("/leads/typeform:TF-3001").body();
        assertEquals(1, lead.path("events").asInt());
        assertEquals("mql", lead.path("stage").asText());
        assertEquals("webinar", lead.path("attributes").path("source").asText());
    }

    @Test
    void typeform_whenSignatureDoesNotMatch_refuses401AndStoresNothing() throws IOException {
        String body = read("events/typeform/form-response.json").replace("TF-2001", "TF-3101");

        Answer refused = typeform(body, typeformSigned(body.replace("TF-3101", "TF-3102")));
        stack.drain();

        assertEquals(401, refused.status());
        assertEquals("bad_signature", refused.body().path("error").asText());
        assertEquals(404, stack.get("/leads/typeform:TF-3101").status());
    }

    @Test
    void samples_whenHandedToTheWebhookHandlerAtTheirSigningTime_areStored() throws IOException {
        Clock signingTime = Clock.fixed(Instant.ofEpochSecond(1_793_610_901L), ZoneOffset.UTC);
        Application app =
                new Application(
                        stack.run().app().settings(),
                        Dynamo.client(Optional.of(TestEndpoint.get())),
                        signingTime);
        WebhookHandler handler = new WebhookHandler(app);

        APIGatewayV2HTTPResponse hubspot =
                handler.handleRequest(sample("webhook-hubspot.json"), null);
        APIGatewayV2HTTPResponse typeform =
                handler.handleRequest(sample("webhook-typeform.json"), null);

        assertEquals(200, hubspot.getStatusCode(), hubspot.getBody());
        assertEquals(3, JSON.readTree(hubspot.getBody()).path("stored").asInt());
        assertEquals(1, JSON.readTree(hubspot.getBody()).path("ignored").asInt());
        assertEquals(200, typeform.getStatusCode(), typeform.getBody());
        assertEquals(1, JSON.readTree(typeform.getBody()).path("stored").asInt());
    }

    private static APIGatewayV2HTTPEvent sample(String file) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("events", file))) {
            return LambdaEventSerializers.serializerFor(
                            APIGatewayV2HTTPEvent.class,
                            HubSpotTypeformIntegrationTest.class.getClassLoader())
                    .fromJson(in);
        }
    }
}
