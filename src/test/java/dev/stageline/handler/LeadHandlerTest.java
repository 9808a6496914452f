package dev.stageline.handler;

import static dev.stageline.handler.HandlerFixtures.body;
import static dev.stageline.handler.HandlerFixtures.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * {@code GET /leads/{leadKey}} checks the key before it reads the store. Events come from
 * src/test/resources/events; the store is {@link EmptyTables}, where no lead exists.
 */
class LeadHandlerTest {

    /** The active model revision, the key's identity link, then the state it resolves to. */
    private static final List<String> THREE_READS =
            List.of(
                    "getItem stageline-leads",
                    "getItem stageline-leads",
                    "getItem stageline-leads");

    private final EmptyTables tables = new EmptyTables();
    private final LeadHandler handler = new LeadHandler(HandlerFixtures.application(tables));

    @Test
    void handleRequest_whenKeyBlank_isRefusedWithoutReadingTheStore() {
        assertRefused("lead-get-blank-key");
    }

    @Test
    void handleRequest_whenNoPathParameters_isRefusedWithoutReadingTheStore() {
        assertRefused("lead-get-no-key");
    }

    @Test
    void handleRequest_whenKeyLongerThan512Characters_isRefusedWithoutReadingTheStore() {
        assertRefused("lead-get-too-long-key");
    }

    @Test
    void handleRequest_whenKeyIs512Characters_readsTheStore() {
        APIGatewayV2HTTPResponse response =
                handler.handleRequest(event("lead-get-longest-key"), null);

        assertEquals(404, response.getStatusCode());
        assertEquals("unknown_lead", body(response).path("error").asText());
        assertEquals(THREE_READS, tables.reads());
    }

    @Test
    void handleRequest_whenLeadNeverEvaluated_isNotFoundNamingTheKey() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event("lead-get"), null);

        assertEquals(404, response.getStatusCode());
        JsonNode body = body(response);
        assertEquals("unknown_lead", body.path("error").asText());
        assertTrue(body.path("message").asText().contains("web:L-1001"), body.toString());
        assertEquals(THREE_READS, tables.reads());
    }

    private void assertRefused(String fixture) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event(fixture), null);

        assertEquals(400, response.getStatusCode());
        assertEquals("application/json", response.getHeaders().get("content-type"));
        JsonNode body = body(response);
        assertEquals("invalid_lead_key", body.path("error").asText());
        assertTrue(body.path("message").asText().contains("lead key"), body.toString());
        assertTrue(body.path("message").asText().contains("512"), body.toString());
        assertEquals(List.of(), tables.reads());
    }
}
