package dev.stageline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stageline.ingest.StandardWebhooks;
import dev.stageline.testing.TestStack;
import dev.stageline.testing.TestStack.Answer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A caller's mistakes get a 4xx with a JSON error naming the problem, and leave nothing stored:
 * after each test the stream is drained and the lead the request named must not exist.
 */
class BadInputIntegrationTest {

    private static final String GOOD =
            """
            {"id": "b1", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z",
             "lead": {"id": "B-1", "score": 80}}\
            """;

    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("models/default.yaml");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @AfterEach
    void nothingWasStored() {
        stack.drain();
        assertEquals(404, stack.get("/leads/web:B-1").status());
    }

    private static HttpRequest.Builder signed(
            String source, byte[] body, String contentType, long timestamp, String secret) {
        String signature = StandardWebhooks.fromSecret(secret).sign("msg_bad", timestamp, body);
        return HttpRequest.newBuilder(stack.uri("/webhooks/" + source))
                .header("content-type", contentType)
                .header("webhook-id", "msg_bad")
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static Answer send(String body, String contentType, long timestamp, String secret) {
        return stack.send(
                signed(
                        "web",
                        body.getBytes(StandardCharsets.UTF_8),
                        contentType,
                        timestamp,
                        secret));
    }

    private static void assertRefused(Answer answer, int status, String error) {
        assertEquals(status, answer.status(), answer.body().toString());
        assertEquals(error, answer.body().path("error").asText());
        assertTrue(answer.contentType().startsWith("application/json"));
        assertTrue(!answer.body().path("message").asText().isBlank());
    }

    @Test
    void webhook_whenUnsigned_is401MissingSignature() {
        Answer answer =
                stack.send(
                        HttpRequest.newBuilder(stack.uri("/webhooks/web"))
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(GOOD)));

        assertRefused(answer, 401, "missing_signature");
    }

    @Test
    void webhook_whenSignedWithAnotherSecret_is401BadSignature() {
        Answer answer =
                send(
                        GOOD,
                        "application/json",
                        Instant.now().getEpochSecond(),
                        "whsec_"
                                + java.util.Base64.getEncoder()
                                        .encodeToString("another secret, 24 bytes".getBytes()));

        assertRefused(answer, 401, "bad_signature");
    }

    @Test
    void webhook_whenTimestampIsTenMinutesOld_is401StaleTimestamp() {
        Answer answer =
                send(
                        GOOD,
                        "application/json",
                        Instant.now().getEpochSecond() - 600,
                        TestStack.SECRET);

        assertRefused(answer, 401, "stale_timestamp");
        assertTrue(answer.body().path("message").asText().contains("webhook-timestamp"));
    }

    @Test
    void webhook_whenSignedBodyComesAsGet_is405AndNothingIsStored() {
        byte[] body = GOOD.getBytes(StandardCharsets.UTF_8);
        Answer answer =
                stack.send(
                        signed(
                                        "web",
                                        body,
                                        "application/json",
                                        Instant.now().getEpochSecond(),
                                        TestStack.SECRET)
                                .method("GET", HttpRequest.BodyPublishers.ofByteArray(body)));

        assertRefused(answer, 405, "method_not_allowed");
        assertTrue(answer.body().path("message").asText().contains("takes POST"));
    }

    @Test
    void webhook_whenContentTypeIsNotJson_is415() {
        Answer answer = send(GOOD, "text/plain", Instant.now().getEpochSecond(), TestStack.SECRET);

        assertRefused(answer, 415, "unsupported_content_type");
    }

    @Test
    void webhook_whenBodyIsNotJson_is400MalformedBody() {
        Answer answer =
                send(
                        "{\"id\": \"b1\", ",
                        "application/json",
                        Instant.now().getEpochSecond(),
                        TestStack.SECRET);

        assertRefused(answer, 400, "malformed_body");
    }

    @Test
    void webhook_whenBodyIsNotUtf8_is400MalformedBody() {
        byte[] body = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        Answer answer =
                stack.send(
                        signed(
                                "web",
                                body,
                                "application/json",
                                Instant.now().getEpochSecond(),
                                TestStack.SECRET));

        assertRefused(answer, 400, "malformed_body");
    }

    @Test
    void webhook_whenOneEventOfABatchIsBad_refusesTheWholeBatch() {
        String bad =
                """
                {"id": "b2", "type": "form_submitted", "occurredAt": "yesterday", "lead": {"id": "B-2"}}\
                """;
        Answer answer =
                send(
                        "[" + GOOD + "," + bad + "]",
                        "application/json",
                        Instant.now().getEpochSecond(),
                        TestStack.SECRET);

        assertRefused(answer, 400, "invalid_event");
        assertTrue(
                answer.body().path("message").asText().contains("event 1"),
                answer.body().toString());
        assertTrue(
                answer.body().path("message").asText().contains("/occurredAt"),
                answer.body().toString());
    }

    @Test
    void webhook_whenNestingIsDeeperThanAnySender_is400() {
        String deep = "[".repeat(40) + "]".repeat(40);
        Answer answer =
                send(deep, "application/json", Instant.now().getEpochSecond(), TestStack.SECRET);

        assertRefused(answer, 400, "malformed_body");
    }

    @Test
    void webhook_whenBodyIsLargerThanTheSourceAllows_is413() {
        String large = "[" + (GOOD + ",").repeat(3_000) + GOOD + "]";
        Answer answer =
                send(large, "application/json", Instant.now().getEpochSecond(), TestStack.SECRET);

        assertRefused(answer, 413, "body_too_large");
    }

    @Test
    void webhook_whenBatchHoldsMoreThan100Events_is413() {
        String batch = "[" + (GOOD + ",").repeat(100) + GOOD + "]";
        Answer answer =
                send(batch, "application/json", Instant.now().getEpochSecond(), TestStack.SECRET);

        assertRefused(answer, 413, "batch_too_large");
    }

    @Test
    void webhook_whenSourceIsUnknown_is404() {
        Answer answer =
                stack.send(
                        signed(
                                "nosuch",
                                GOOD.getBytes(StandardCharsets.UTF_8),
                                "application/json",
                                Instant.now().getEpochSecond(),
                                TestStack.SECRET));

        assertRefused(answer, 404, "unknown_source");
    }
}
