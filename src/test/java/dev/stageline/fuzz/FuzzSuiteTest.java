package dev.stageline.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stageline.handler.Application;
import dev.stageline.handler.WebhookHandler;
import dev.stageline.ingest.WebhookRequest;
import dev.stageline.testing.TestStack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.Select;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * At least a thousand generated malformed or hostile webhook requests across every source, each
 * handed to the webhook function as API Gateway would: every one must be answered with a 4xx and an
 * error body in its sender's format (JSON, or a SOAP fault for Salesforce), none with a 5xx, and
 * none may store anything. Prints how many of each kind were sent and how they were answered.
 */
class FuzzSuiteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 20261204L;

    private static TestStack stack;
    private static Application app;

    @BeforeAll
    static void start() {
        stack = TestStack.start("models/default.yaml");
        app = stack.run().app();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static List<FuzzCase> allCases() {
        Random random = new Random(SEED);
        List<FuzzCase> cases = new ArrayList<>();
        cases.addAll(JsonFuzz.cases(random));
        cases.addAll(HubSpotFuzz.cases(random));
        cases.addAll(TypeformFuzz.cases(random));
        cases.addAll(SalesforceFuzz.cases(random));
        cases.addAll(MarketoFuzz.cases(random));
        cases.addAll(FormFuzz.cases(random));
        cases.addAll(UnbounceFuzz.cases(random));
        cases.addAll(WebflowFuzz.cases(random));
        return cases;
    }

    @Test
    void everyHostileRequest_isRefusedWithA4xxAndStoresNothing() {
        List<FuzzCase> cases = allCases();
        WebhookHandler handler = new WebhookHandler(app);
        Map<String, Map<Integer, Integer>> outcomes = new TreeMap<>();
        List<String> failures = new ArrayList<>();

        for (FuzzCase fuzz : cases) {
            APIGatewayV2HTTPResponse response = handler.handleRequest(event(fuzz), null);
            int status = response.getStatusCode();
            outcomes.computeIfAbsent(fuzz.source() + " / " + fuzz.kind(), k -> new TreeMap<>())
                    .merge(status, 1, Integer::sum);
            String problem = problem(fuzz, response);
            if (problem != null && failures.size() < 20) {
                failures.add(fuzz.source() + " / " + fuzz.kind() + ": " + problem);
            }
        }
        long stored = storedItems();

        StringBuilder table =
                new StringBuilder("\nfuzz suite: ").append(cases.size()).append(" requests\n");
        outcomes.forEach(
                (kind, statuses) -> table.append("  %-48s %s%n".formatted(kind, statuses)));
        table.append("  items stored: ").append(stored).append('\n');
        System.out.print(table);

        assertTrue(
                cases.size() >= 1000,
                "the suite sends at least 1,000 requests, sent " + cases.size());
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(0, stored, "refused requests stored items");
    }

    /** What is wrong with the answer to {@code fuzz}, or null when it is a proper refusal. */
    private static String problem(FuzzCase fuzz, APIGatewayV2HTTPResponse response) {
        int status = response.getStatusCode();
        if (status < 400 || status > 499) {
            return "answered " + status + ": " + abbreviate(response.getBody());
        }
        String type = response.getHeaders().getOrDefault("content-type", "");
        String body = response.getBody() == null ? "" : response.getBody();
        if (type.startsWith("text/xml")) {
            return body.contains("Fault>")
                    ? null
                    : "an XML answer that is no SOAP fault: " + abbreviate(body);
        }
        if (!type.startsWith("application/json")) {
            return "answered as " + type;
        }
        try {
            JsonNode error = JSON.readTree(body);
            if (error.path("error").asText().isEmpty()
                    || error.path("message").asText().isEmpty()) {
                return "a JSON answer without error and message: " + abbreviate(body);
            }
            return null;
        } catch (IOException e) {
            return "an answer that is not JSON: " + abbreviate(body);
        }
    }

    private static long storedItems() {
        return app.dynamo()
                .scan(b -> b.tableName(app.settings().leadTable()).select(Select.COUNT))
                .count();
    }

    /** The request as the HTTP API hands it to the function (payload format 2.0). */
    static APIGatewayV2HTTPEvent event(FuzzCase fuzz) {
        WebhookRequest request = fuzz.request();
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("POST /webhooks/{source}");
        event.setRawPath("/webhooks/" + fuzz.source());
        event.setRawQueryString(request.query());
        event.setHeaders(request.headers());
        event.setPathParameters(Map.of("source", fuzz.source()));
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http =
                new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(request.method());
        http.setPath("/webhooks/" + fuzz.source());
        context.setHttp(http);
        event.setRequestContext(context);
        String type = request.header("content-type").toLowerCase(Locale.ROOT);
        boolean text =
                (type.contains("json") || type.contains("xml") || type.startsWith("text/"))
                        && isUtf8(request.body());
        if (text) {
            event.setBody(new String(request.body(), StandardCharsets.UTF_8));
            event.setIsBase64Encoded(false);
        } else {
            event.setBody(Base64.getEncoder().encodeToString(request.body()));
            event.setIsBase64Encoded(true);
        }
        return event;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
