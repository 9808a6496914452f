package dev.stageline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stageline.handler.Application;
import dev.stageline.handler.Settings;
import dev.stageline.handler.WebhookHandler;
import dev.stageline.ingest.WebflowSignature;
import dev.stageline.local.LocalRun;
import dev.stageline.store.Dynamo;
import dev.stageline.testing.TestEndpoint;
import dev.stageline.testing.TestStack;
import dev.stageline.testing.TestStack.Answer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

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
import java.util.UUID;

/**
 * Form posts, Unbounce and Webflow over HTTP against DynamoDB (moto): each submission stored once,
 * a redelivery a duplicate, a refusal storing nothing; the sample events through the handler; and a
 * source whose secret is an SSM parameter on moto, read at start-up and per request.
 */
class FormSourcesIntegrationTest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("models/default.yaml");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static Answer form(String source, String token, String body) {
        return stack.send(
                HttpRequest.newBuilder(stack.uri("/webhooks/" + source))
                        .header("content-type", FORM)
                        .header("x-stageline-token", token)
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Answer webflow(String body, long timestampMillis, String secret) {
        String timestamp = Long.toString(timestampMillis);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return stack.send(
                HttpRequest.newBuilder(stack.uri("/webhooks/webflow"))
                        .header("content-type", "application/json")
                        .header("x-webflow-timestamp", timestamp)
                        .header(
                                "x-webflow-signature",
                                new WebflowSignature(secret).sign(timestamp, bytes))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    /** Keys of email-keyed leads are sha256- and the hex SHA-256 of the address (sha256sum). */
    private static int leadStatus(String leadKey) {
        stack.drain();
        return stack.get("/leads/" + leadKey).status();
    }

    @Test
    void form_whenPostedTwice_storesOnceAndRefusalsStoreNothing() {
        String token = LocalRun.DEV_SECRETS.get("STAGELINE_SECRET_FORM");
        String body =
                "lead_id=F-1&submission_id=fs-1&submitted_at=2026-11-02T09%3A15%3A00Z&country=DE";

        Answer first = form("form", token, body);
        Answer again = form("form", token, body);
        Answer badToken = form("form", "wrong-token-0123456789", body.replace("F-1", "F-2"));
        Answer badEncoding = form("form", token, "lead_id=F-3&submission_id=x&country=%FF");

        assertEquals(200, first.status(), first.text());
        assertEquals(1, first.body().path("stored").asInt());
        assertEquals("form:F-1", first.body().path("events").get(0).path("leadKey").asText());
        assertEquals(1, again.body().path("duplicates").asInt());
        assertEquals(0, again.body().path("stored").asInt());
        assertEquals(401, badToken.status());
        assertEquals("bad_token", badToken.body().path("error").asText());
        assertEquals(400, badEncoding.status());
        assertEquals("invalid_encoding", badEncoding.body().path("error").asText());
        assertEquals(200, leadStatus("form:F-1"));
        assertEquals(404, leadStatus("form:F-2"));
        assertEquals(404, leadStatus("form:F-3"));
        assertEquals(
                "DE",
                stack.get("/leads/form:F-1").body().path("attributes").path("country").asText());
    }

    @Test
    void unbounce_whenSamplePostedTwice_storesOnce() throws IOException {
        String token = LocalRun.DEV_SECRETS.get("STAGELINE_SECRET_UNBOUNCE");
        String body =
                Files.readString(Path.of("events/unbounce/webinar-signup.txt"))
                        .strip()
                        .replace("ann%40example.com", "ub-1%40example.com");

        Answer first = form("unbounce", token, body);
        Answer again = form("unbounce", token, body);
        Answer noToken = form("unbounce", "", body.replace("ub-1", "ub-2"));

        assertEquals(200, first.status(), first.text());
        assertEquals(1, first.body().path("stored").asInt());
        assertEquals(1, again.body().path("duplicates").asInt());
        assertEquals("duplicate", again.body().path("events").get(0).path("status").asText());
        assertEquals(401, noToken.status());
        assertEquals(
                200,
                leadStatus(
                        "unbounce:sha256-dc6a52d98ea475475716fcfe89deaf34e10686e53bd4ddd53e7f3fecc3eb5c89"));
        assertEquals(
                404,
                leadStatus(
                        "unbounce:sha256-8c1181dcc3ad90aa6f87a7498f64bd57d0545af3843ac8c83ef8c17248bc83c4"));
    }

    @Test
    void webflow_whenSignedNowAndRedelivered_storesOnceAndStaleIsRefused() {
        String secret = LocalRun.DEV_SECRETS.get("STAGELINE_SECRET_WEBFLOW");
        String body =
                "{\"triggerType\":\"form_submission\",\"payload\":{\"name\":\"Contact Us\","
                        + "\"data\":{\"email\":\"wf-1@example.com\",\"Country\":\"FR\"},"
                        + "\"submittedAt\":\"2026-11-02T09:15:00.117Z\",\"id\":\"wf-sub-1\"}}";
        long now = Instant.now().toEpochMilli();

        Answer first = webflow(body, now, secret);
        Answer redelivered = webflow(body, now + 60_000, secret);
        Answer stale = webflow(body.replace("wf-1", "wf-2"), now - 600_000, secret);
        Answer wrongSecret =
                webflow(body.replace("wf-1", "wf-3"), now, "another-secret-0123456789");

        assertEquals(200, first.status(), first.text());
        assertEquals(1, first.body().path("stored").asInt());
        assertEquals(1, redelivered.body().path("duplicates").asInt());
        assertEquals("stale_timestamp", stale.body().path("error").asText());
        assertEquals("bad_signature", wrongSecret.body().path("error").asText());
        assertEquals(
                200,
                leadStatus(
                        "webflow:sha256-2939ac5add01cd40bc47acd2f801763eb6482c0c71b0789e85e6d798ef895ad9"));
        assertEquals(
                404,
                leadStatus(
                        "webflow:sha256-6dcbc38f5c9a108aec8f538f044623860c99b64be1ebe763a84e7039d5c39f28"));
        assertEquals(404, leadStatus("webflow:wf-3@example.com"));
    }

    @Test
    void samples_whenHandledAtTheirSigningTime_areStored() throws IOException {
        Clock signingTime = Clock.fixed(Instant.ofEpochSecond(1_793_610_901L), ZoneOffset.UTC);
        Application app =
                new Application(
                        stack.run().app().settings(),
                        Dynamo.client(Optional.of(TestEndpoint.get())),
                        signingTime);
        WebhookHandler handler = new WebhookHandler(app);

        for (String sample :
                new String[] {
                    "webhook-form.json", "webhook-unbounce.json", "webhook-webflow.json"
                }) {
            APIGatewayV2HTTPResponse response = handler.handleRequest(event(sample), null);
            assertEquals(200, response.getStatusCode(), sample + ": " + response.getBody());
            JsonNode receipt = JSON.readTree(response.getBody());
            assertEquals(1, receipt.path("received").asInt(), sample);
        }
    }

    @Test
    void source_whenSecretIsAnSsmParameter_readsItAtStartUpAndPerRequest() throws IOException {
        String parameter = "/stageline-it/" + UUID.randomUUID() + "/form";
        ssm().putParameter(
                        b ->
                                b.name(parameter)
                                        .value("ssm-form-token-0123456789")
                                        .type(ParameterType.SECURE_STRING));
        Application app = application(parameter);
        WebhookHandler handler = new WebhookHandler(app);

        APIGatewayV2HTTPResponse right =
                handler.handleRequest(formEvent("ssm-form-token-0123456789"), null);
        APIGatewayV2HTTPResponse wrong =
                handler.handleRequest(formEvent("stageline-local-form-token"), null);

        assertEquals(200, right.getStatusCode(), right.getBody());
        assertEquals(401, wrong.getStatusCode(), wrong.getBody());
    }

    @Test
    void application_whenSsmSecretIsUnusable_failsAtStartUpNamingIt() throws IOException {
        String parameter = "/stageline-it/" + UUID.randomUUID() + "/form";
        ssm().putParameter(b -> b.name(parameter).value("short").type(ParameterType.SECURE_STRING));

        Application app = application(parameter);

        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> new WebhookHandler(app));

        assertEquals(
                "webhook sources are not ready: source 'ssmform': ssm:"
                        + parameter
                        + " is not a usable secret: a token holds at least 16 characters; this"
                        + " one holds 5",
                e.getMessage());
    }

    @Test
    void application_whenSsmSecretIsMissing_startsAndAnswers503() throws IOException {
        Application app = application("/stageline-it/" + UUID.randomUUID() + "/absent");

        APIGatewayV2HTTPResponse response =
                new WebhookHandler(app).handleRequest(formEvent("anything-0123456789"), null);

        assertEquals(503, response.getStatusCode(), response.getBody());
        assertEquals(
                "source_unavailable", JSON.readTree(response.getBody()).path("error").asText());
    }

    private static Application application(String parameter) throws IOException {
        Path sources = Files.createTempFile("sources", ".yaml");
        Files.writeString(
                sources,
                """
                sources:
                  ssmform:
                    kind: form
                    auth: header
                    secret: "ssm:%s"
                    leadKey: lead_id
                """
                        .formatted(parameter));
        Settings local = stack.run().app().settings();
        Settings settings =
                new Settings(
                        local.leadTable(),
                        local.reportTable(),
                        local.model(),
                        sources.toString(),
                        local.endpoint(),
                        LocalRun.secrets(TestEndpoint.get()));
        return new Application(
                settings, Dynamo.client(Optional.of(TestEndpoint.get())), Clock.systemUTC());
    }

    private static APIGatewayV2HTTPEvent formEvent(String token) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setPathParameters(java.util.Map.of("source", "ssmform"));
        event.setHeaders(java.util.Map.of("content-type", FORM, "x-stageline-token", token));
        event.setBody(
                java.util.Base64.getEncoder()
                        .encodeToString("lead_id=S-1".getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);
        return event;
    }

    private static APIGatewayV2HTTPEvent event(String file) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("events", file))) {
            return LambdaEventSerializers.serializerFor(
                            APIGatewayV2HTTPEvent.class,
                            FormSourcesIntegrationTest.class.getClassLoader())
                    .fromJson(in);
        }
    }

    private static SsmClient ssm() {
        return SsmClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Dynamo.region())
                .endpointOverride(TestEndpoint.get())
                .credentialsProvider(Dynamo.localCredentials())
                .build();
    }
}
