package dev.stageline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stageline.ingest.StandardWebhooks;
import dev.stageline.local.LocalRun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A whole local stack for one test class: its own tables on the shared test endpoint, the HTTP API
 * on a free loopback port, and the stream delivered to the evaluator. Requests go over real HTTP,
 * so every test also covers the translation to and from API Gateway events.
 */
public final class TestStack implements AutoCloseable {

    public static final String SECRET = LocalRun.DEV_SECRET;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LocalRun run;

    private TestStack(LocalRun run) {
        this.run = run;
    }

    /** Starts a stack running {@code model} (a path such as models/default.yaml). */
    public static TestStack start(String model) {
        return start(model, Optional.empty());
    }

    /**
     * Starts a stack that also aggregates every {@code aggregateEvery}, as the local schedule does.
     */
    public static TestStack start(String model, Optional<java.time.Duration> aggregateEvery) {
        return start(model, "config/sources.yaml", aggregateEvery, Clock.systemUTC());
    }

    /** Starts a stack running {@code model} with the webhook sources of {@code sources}. */
    public static TestStack start(String model, String sources) {
        return start(model, sources, Optional.empty(), Clock.systemUTC());
    }

    /** Starts a stack whose services read the time from {@code clock}. */
    public static TestStack start(String model, Clock clock) {
        return start(model, "config/sources.yaml", Optional.empty(), clock);
    }

    private static TestStack start(
            String model,
            String sources,
            Optional<java.time.Duration> aggregateEvery,
            Clock clock) {
        try {
            Path dir = Files.createTempDirectory("stageline-test");
            String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);
            LocalRun run =
                    LocalRun.start(
                            new LocalRun.Options(
                                    model,
                                    sources,
                                    Path.of("template.yaml"),
                                    0,
                                    dir,
                                    Optional.of(TestEndpoint.get()),
                                    prefix,
                                    aggregateEvery),
                            clock);
            return new TestStack(run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public LocalRun run() {
        return run;
    }

    /** A response: its body parsed when it is JSON, and as text. */
    public record Answer(int status, JsonNode body, String contentType, String text) {}

    /** Posts {@code body} to {@code /webhooks/{source}}, signed now under the given message id. */
    public Answer webhook(String source, String body, String messageId) {
        long timestamp = Instant.now().getEpochSecond();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String signature = StandardWebhooks.fromSecret(SECRET).sign(messageId, timestamp, bytes);
        return send(
                HttpRequest.newBuilder(uri("/webhooks/" + source))
                        .header("content-type", "application/json")
                        .header("webhook-id", messageId)
                        .header("webhook-timestamp", Long.toString(timestamp))
                        .header("webhook-signature", signature)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    public Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("content-type").orElse("");
            JsonNode body =
                    response.body().isEmpty() || !type.contains("json")
                            ? JSON.missingNode()
                            : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body, type, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Answer get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
    }

    public Answer post(String path, String json) {
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Delivers every stream record waiting, as the event source mapping would, and returns. */
    public void drain() {
        run.pump().drain();
    }

    public URI uri(String pathAndQuery) {
        return run.apiUri().resolve(pathAndQuery);
    }

    @Override
    public void close() {
        run.close();
    }
}
