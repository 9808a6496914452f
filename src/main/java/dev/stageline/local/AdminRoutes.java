package dev.stageline.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stageline.handler.AggregateHandler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Routes that exist only in a local run, where there is no scheduler and no event source mapping to
 * wait for: run the aggregation now, and deliver everything the stream holds now.
 */
final class AdminRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminRoutes() {}

    /** {@code POST /admin/aggregate}, body optional: {@code {"granularities": ["month"]}}. */
    static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> aggregate(
            AggregateHandler handler) {
        return (event, context) -> {
            Map<String, Object> input;
            try {
                String body = event.getBody();
                input = body == null || body.isBlank() ? Map.of() : JSON.readValue(body, Map.class);
            } catch (JsonProcessingException | ClassCastException e) {
                return json(
                        400,
                        Map.of(
                                "error",
                                "malformed_body",
                                "message",
                                "send a JSON object such as {\"granularities\": [\"month\"]}"));
            }
            try {
                return json(200, handler.handleRequest(input, null));
            } catch (IllegalArgumentException e) {
                return json(400, Map.of("error", "invalid_parameter", "message", e.getMessage()));
            }
        };
    }

    /** {@code POST /admin/drain}: evaluates every event waiting in the stream, then answers. */
    static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> drain(StreamPump pump) {
        return (event, context) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("delivered", pump.drain());
            return json(200, body);
        };
    }

    private static APIGatewayV2HTTPResponse json(int status, Object body) {
        try {
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(status)
                    .withHeaders(Map.of("content-type", "application/json"))
                    .withBody(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n")
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response cannot be written as JSON", e);
        }
    }
}
