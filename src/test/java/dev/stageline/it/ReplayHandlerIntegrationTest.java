package dev.stageline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stageline.engine.LeadEvent;
import dev.stageline.handler.Application;
import dev.stageline.handler.ReplayHandler;
import dev.stageline.testing.TestStack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The replay function as Lambda runs it, with the sample input {@code events/replay.json}: a first
 * deployment claims its revision; after a model change it stops before its time runs out and
 * answers "resume", and the next invocation finishes.
 */
class ReplayHandlerIntegrationTest {

    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start(ReplayIntegrationTest.MODEL_A);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static Application under(String model) {
        return ReplayIntegrationTest.under(stack, model);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sample() throws IOException {
        return new ObjectMapper().readValue(Path.of("events", "replay.json").toFile(), Map.class);
    }

    @Test
    void handleRequest_whenFirstDeployedThenModelChanged_claimsThenReplaysAcrossInvocations()
            throws IOException {
        Application a = stack.run().app();
        Map<String, Object> first = new ReplayHandler(a).handleRequest(sample(), null);
        assertEquals("done", first.get("status"));
        assertEquals(Optional.of(a.revision()), a.activeRevision().read());

        List<LeadEvent> events = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            events.add(
                    new LeadEvent(
                            "web:H-" + n,
                            "h" + n,
                            Instant.parse("2026-11-03T10:00:00Z"),
                            "form_submitted",
                            Map.of("score", BigDecimal.valueOf(60))));
        }
        a.events().store("web", events);
        stack.drain();

        Application b = under(ReplayIntegrationTest.MODEL_B);
        Map<String, Object> input = Map.of("pageSize", 2);
        Map<String, Object> cut =
                new ReplayHandler(b).handleRequest(input, remaining(120_000, 120_000, 59_000));
        assertEquals("resume", cut.get("status"), cut.toString());
        assertEquals(2L, cut.get("pages"));
        assertEquals(Optional.of(a.revision()), b.activeRevision().read());

        Map<String, Object> done = new ReplayHandler(b).handleRequest(input, remaining());
        assertEquals("done", done.get("status"), done.toString());
        assertEquals(6L, done.get("leads"));
        assertEquals(6L, done.get("changed"));
        assertEquals(Map.of("lead", 6L, "mql", 6L), done.get("transitionsBefore"));
        assertEquals(Map.of("lead", 6L), done.get("transitionsAfter"));
        assertEquals(Optional.of(b.revision()), b.activeRevision().read());
    }

    /** A context whose remaining time is each of {@code millis} in turn, then 10 minutes. */
    private static Context remaining(long... millis) {
        Deque<Long> left = new ArrayDeque<>();
        for (long m : millis) {
            left.add(m);
        }
        return new Context() {
            @Override
            public int getRemainingTimeInMillis() {
                return (int) (left.isEmpty() ? 600_000L : left.poll());
            }

            @Override
            public String getAwsRequestId() {
                return "replay-test";
            }

            @Override
            public String getLogGroupName() {
                return null;
            }

            @Override
            public String getLogStreamName() {
                return null;
            }

            @Override
            public String getFunctionName() {
                return "ReplayFunction";
            }

            @Override
            public String getFunctionVersion() {
                return "$LATEST";
            }

            @Override
            public String getInvokedFunctionArn() {
                return null;
            }

            @Override
            public CognitoIdentity getIdentity() {
                return null;
            }

            @Override
            public ClientContext getClientContext() {
                return null;
            }

            @Override
            public int getMemoryLimitInMB() {
                return 1024;
            }

            @Override
            public LambdaLogger getLogger() {
                return null;
            }
        };
    }
}
