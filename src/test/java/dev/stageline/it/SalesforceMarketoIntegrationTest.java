package dev.stageline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stageline.handler.Application;
import dev.stageline.handler.Settings;
import dev.stageline.handler.WebhookHandler;
import dev.stageline.local.LocalApi;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The salesforce and marketo sources of config/sources.yaml over HTTP: the local API hands API
 * Gateway events (method and raw query included) to the webhook handler, whose application knows
 * the two sources' secrets; events land in DynamoDB (moto) once each, and refusals store nothing.
 * The sample events in events/ go through the handler as Lambda would hand them over.
 */
class SalesforceMarketoIntegrationTest {

    private static final String SALESFORCE_SECRET = "sf-sample-secret-2f9c41d7";
    private static final String MARKETO_SECRET = "mkto-sample-secret-8e20b6a5";
    private static final Map<String, String> SECRETS =
            Map.of(
                    "STAGELINE_SECRET_SALESFORCE", SALESFORCE_SECRET,
                    "STAGELINE_SECRET_MARKETO", MARKETO_SECRET);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestStack stack;
    private static Application app;
    private static LocalApi api;

    @BeforeAll
    static void start() throws IOException {
        stack = TestStack.start("models/default.yaml");
        Settings shared = stack.run().app().settings();
        Settings settings =
                new Settings(
                        shared.leadTable(),
                        shared.reportTable(),
                        shared.model(),
                        shared.sources(),
                        shared.endpoint(),
                        name -> Optional.ofNullable(SECRETS.get(name)));
        app =
                new Application(
                        settings,
                        Dynamo.client(Optional.of(TestEndpoint.get())),
                        Clock.systemUTC());
        api =
                LocalApi.bind(0)
                        .route("POST", "/webhooks/{source}", new WebhookHandler(app))
                        .route("GET", "/webhooks/{source}", new WebhookHandler(app))
                        .start();
    }

    @AfterAll
    static void stop() {
        api.close();
        stack.close();
    }

    private static Answer post(String pathAndQuery, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(api.baseUri().resolve(pathAndQuery))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return stack.send(request);
    }

    private static Answer salesforce(String token, String body) {
        return post(
                "/webhooks/salesforce?token=" + token,
                Map.of("content-type", "text/xml; charset=utf-8", "soapaction", "\"\""),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String file(String path) throws IOException {
        return Files.readString(Path.of(path));
    }

    private static JsonNode lead(String key) {
        stack.drain();
        return stack.get("/leads/" + key).body();
    }

    @Test
    void salesforce_whenDeliveredTwice_storesOnceAndAcknowledgesBoth() throws IOException {
        String body =
                file("events/salesforce/notifications.xml")
                        .replace("00Q5g00000Ab1CdEAJ", "00Q5g00000Zz1CdEAJ")
                        .replace("00Q5g00000Ab2EfEAJ", "00Q5g00000Zz2EfEAJ");

        Answer first = salesforce(SALESFORCE_SECRET, body);
        Answer retry = salesforce(SALESFORCE_SECRET, body);

        assertEquals(200, first.status(), first.text());
        assertEquals("text/xml; charset=utf-8", first.contentType());
        assertTrue(first.text().contains("<Ack>true</Ack>"), first.text());
        assertEquals(200, retry.status());
        JsonNode lead = lead("salesforce:00Q5g00000Zz1CdEAJ");
        assertEquals(1, lead.path("events").asInt());
        assertEquals("Working - Contacted", lead.path("attributes").path("lead_status").asText());
        assertEquals(1, lead("salesforce:00Q5g00000Zz2EfEAJ").path("events").asInt());
    }

    @Test
    void salesforce_whenRefused_answersAFaultAndStoresNothing() throws IOException {
        String body =
                file("events/salesforce/notifications.xml")
                        .replace("00Q5g00000Ab1CdEAJ", "00Q5g00000Yy1CdEAJ");
        String xxe =
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>"
                        + "<x>&e;</x>";

        Answer wrongToken = salesforce("guess", body);
        Answer entity = salesforce(SALESFORCE_SECRET, xxe);
        Answer otherOrg =
                salesforce(
                        SALESFORCE_SECRET,
                        body.replace("00D5g000004ZQxEEAW", "00D5g000009OtHrEAK"));

        assertEquals(401, wrongToken.status());
        assertTrue(wrongToken.text().contains("<faultcode>soapenv:Client</faultcode>"));
        assertTrue(wrongToken.text().contains("bad_token"), wrongToken.text());
        assertEquals(400, entity.status());
        assertEquals(403, otherOrg.status());
        assertEquals("text/xml; charset=utf-8", otherOrg.contentType());
        assertEquals(404, stack.get("/leads/salesforce:00Q5g00000Yy1CdEAJ").status());
    }

    @Test
    void marketo_whenPostedAndGot_storesOnceEach() throws IOException {
        Map<String, String> json =
                Map.of("content-type", "application/json", "x-stageline-token", MARKETO_SECRET);
        byte[] body =
                file("events/marketo/form-filled.json")
                        .replace("\"4217\"", "\"9001\"")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        Answer first = post("/webhooks/marketo", json, body);
        Answer again = post("/webhooks/marketo", json, body);
        Answer get =
                stack.send(
                        HttpRequest.newBuilder(
                                        api.baseUri()
                                                .resolve(
                                                        "/webhooks/marketo?leadId=9001&callId=g1"
                                                            + "&type=demo_requested"
                                                            + "&occurredAt=2026-11-07+10%3A00%3A00"
                                                            + "&score=80"))
                                .header("x-stageline-token", MARKETO_SECRET)
                                .GET());

        assertEquals(1, first.body().path("stored").asInt(), first.text());
        assertEquals(1, again.body().path("duplicates").asInt(), again.text());
        assertEquals(200, get.status(), get.text());
        assertEquals("9001:g1", get.body().path("events").get(0).path("eventId").asText());
        JsonNode lead = lead("marketo:9001");
        assertEquals(2, lead.path("events").asInt());
        assertEquals("mql", lead.path("stage").asText());
    }

    @Test
    void marketo_whenBodyBrokenByAToken_refusesAndStoresNothing() {
        Answer broken =
                post(
                        "/webhooks/marketo",
                        Map.of(
                                "content-type",
                                "application/x-www-form-urlencoded",
                                "x-stageline-token",
                                MARKETO_SECRET),
                        ("leadId=9002&callId=c&type=form_submitted"
                                        + "&occurredAt=2026-11-07+10%3A00%3A00&source=Jack&Jill")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertEquals(400, broken.status());
        assertEquals("malformed_body", broken.body().path("error").asText());
        assertTrue(broken.body().path("message").asText().contains("Request Token Encoding"));
        assertEquals(404, stack.get("/leads/marketo:9002").status());
    }

    private static APIGatewayV2HTTPEvent sample(String file) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("events", file))) {
            return LambdaEventSerializers.serializerFor(
                            APIGatewayV2HTTPEvent.class,
                            SalesforceMarketoIntegrationTest.class.getClassLoader())
                    .fromJson(in);
        }
    }

    @Test
    void samples_whenHandedToTheHandler_areStored() throws IOException {
        WebhookHandler handler = new WebhookHandler(app);

        APIGatewayV2HTTPResponse salesforce =
                handler.handleRequest(sample("webhook-salesforce.json"), null);
        APIGatewayV2HTTPResponse json = handler.handleRequest(sample("webhook-marketo.json"), null);
        APIGatewayV2HTTPResponse form =
                handler.handleRequest(sample("webhook-marketo-form.json"), null);
        APIGatewayV2HTTPResponse get =
                handler.handleRequest(sample("webhook-marketo-get.json"), null);

        assertEquals(200, salesforce.getStatusCode(), salesforce.getBody());
        assertTrue(salesforce.getBody().contains("<Ack>true</Ack>"));
        for (APIGatewayV2HTTPResponse marketo : new APIGatewayV2HTTPResponse[] {json, form, get}) {
            assertEquals(200, marketo.getStatusCode(), marketo.getBody());
            assertEquals(1, JSON.readTree(marketo.getBody()).path("received").asInt());
        }
        assertEquals(
                "marketo:4218",
                JSON.readTree(form.getBody()).path("events").get(0).path("leadKey").asText());
        assertEquals(
                "Working & Nurturing",
                lead("marketo:4218").path("attributes").path("lead_status").asText());
    }
}
