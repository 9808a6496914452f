package dev.stageline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A running local stack as {@code stageline local} described it in {@code .local/stack.json}: where
 * its API and DynamoDB endpoint are, and which tables and model it uses.
 */
record Stack(URI api, URI endpoint, String leadTable, String reportTable, String model) {

    static final Path DEFAULT_FILE = Path.of(".local", "stack.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Stack read(Path file) {
        if (!Files.exists(file)) {
            throw new CommandException(
                    "no local stack is running ("
                            + file
                            + " is missing); "
                            + "start one with: bin/stageline local");
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return new Stack(
                    URI.create(node.path("api").asText()),
                    URI.create(node.path("endpoint").asText()),
                    node.path("leadTable").asText(),
                    node.path("reportTable").asText(),
                    node.path("model").asText());
        } catch (IOException e) {
            throw new CommandException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Sends a request to the stack's API and returns the answer, whatever its status. */
    HttpResponse<String> call(HttpRequest.Builder request) {
        try {
            return HTTP.send(
                    request.timeout(Duration.ofMinutes(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CommandException(
                    "the local stack at "
                            + api
                            + " does not answer ("
                            + e.getMessage()
                            + "); is bin/stageline local still running?",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted", e);
        }
    }

    HttpResponse<String> post(String path, String json) {
        return call(
                HttpRequest.newBuilder(api.resolve(path))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> get(String pathAndQuery) {
        return call(HttpRequest.newBuilder(api.resolve(pathAndQuery)).GET());
    }
}
