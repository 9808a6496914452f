package dev.stageline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stageline.handler.AggregateHandler;
import dev.stageline.handler.Application;
import dev.stageline.handler.EvaluateHandler;
import dev.stageline.handler.LeadHandler;
import dev.stageline.handler.ReportHandler;
import dev.stageline.handler.WebhookHandler;
import dev.stageline.store.Dynamo;
import dev.stageline.testing.TestEndpoint;
import dev.stageline.testing.TestStack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * The sample events in {@code events/}, meant for {@code sam local invoke}, read with Lambda's own
 * event serialization and handed to the handlers: each must do what its name says. The clock stands
 * at the sample webhook's signing time, so its signature is fresh.
 */
class SampleEventsIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestStack stack;
    private static Application app;

    @BeforeAll
    static void start() {
        stack = TestStack.start("models/default.yaml");
        Clock signingTime = Clock.fixed(Instant.ofEpochSecond(1_793_610_901L), ZoneOffset.UTC);
        app =
                new Application(
                        stack.run().app().settings(),
                        Dynamo.client(Optional.of(TestEndpoint.get())),
                        signingTime);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static <T> T sample(String file, Class<T> type) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("events", file))) {
            return LambdaEventSerializers.serializerFor(
                            type, SampleEventsIntegrationTest.class.getClassLoader())
                    .fromJson(in);
        }
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) throws IOException {
        return JSON.readTree(response.getBody());
    }

    @Test
    void samples_whenInvokedInOrder_storeEvaluateAggregateAndServe() throws IOException {
        APIGatewayV2HTTPResponse stored =
                new WebhookHandler(app)
                        .handleRequest(
                                sample("webhook-web.json", APIGatewayV2HTTPEvent.class), null);
        assertEquals(200, stored.getStatusCode(), stored.getBody());
        assertEquals(1, body(stored).path("stored").asInt());

        StreamsEventResponse evaluated =
                new EvaluateHandler(app)
                        .handleRequest(sample("stream-insert.json", DynamodbEvent.class), null);
        assertEquals(0, evaluated.getBatchItemFailures().size());

        APIGatewayV2HTTPResponse lead =
                new LeadHandler(app)
                        .handleRequest(sample("lead-get.json", APIGatewayV2HTTPEvent.class), null);
        assertEquals(200, lead.getStatusCode(), lead.getBody());
        assertEquals("lead", body(lead).path("stage").asText());
        assertEquals("known-lead", body(lead).path("transitions").get(0).path("rule").asText());

        @SuppressWarnings("unchecked")
        Map<String, Object> input =
                JSON.readValue(Path.of("events", "aggregate.json").toFile(), Map.class);
        Map<String, Object> aggregated = new AggregateHandler(app).handleRequest(input, null);
        assertEquals(1, aggregated.get("transitions"));

        APIGatewayV2HTTPResponse report =
                new ReportHandler(app)
                        .handleRequest(
                                sample("report-get.json", APIGatewayV2HTTPEvent.class), null);
        assertEquals(200, report.getStatusCode(), report.getBody());
        JsonNode november = null;
        for (JsonNode period : body(report).path("periods")) {
            if (period.path("label").asText().equals("2026-11")) {
                november = period;
            }
        }
        assertEquals(1, november.path("stages").get(0).path("entered").asInt());
        assertEquals("lead", november.path("stages").get(0).path("stage").asText());
    }
}
