package dev.stageline.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * HTTP API events from the JSON fixtures under src/test/resources/events, and an application with
 * the shipped model and sources over {@link EmptyTables}.
 */
final class HandlerFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HandlerFixtures() {}

    static Application application(EmptyTables tables) {
        Settings settings =
                new Settings(
                        "stageline-leads",
                        "stageline-reports",
                        Settings.DEFAULT_MODEL,
                        Settings.DEFAULT_SOURCES,
                        Optional.empty(),
                        name -> Optional.empty());
        return new Application(
                settings,
                tables,
                Clock.fixed(Instant.parse("2026-11-02T09:15:02Z"), ZoneOffset.UTC));
    }

    /** The event in {@code events/<name>.json}, read as the Lambda runtime reads it. */
    static APIGatewayV2HTTPEvent event(String name) {
        String resource = "/events/" + name + ".json";
        try (InputStream in = HandlerFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return JSON.readValue(in, APIGatewayV2HTTPEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return JSON.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
