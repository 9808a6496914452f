package dev.stageline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stageline.engine.Engine;
import dev.stageline.engine.LeadEvent;
import dev.stageline.evaluate.LeadEvaluator;
import dev.stageline.store.LeadRecord;
import dev.stageline.testing.TestStack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Evaluations racing for one lead, as two stream batches or a retried batch would, must neither
 * lose nor duplicate an event or a transition: whatever the interleaving, the stored history is the
 * engine's replay of all the events.
 */
class RacingEvaluationsIntegrationTest {

    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("models/default.yaml");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static LeadEvent event(String lead, int n, String type, int score) {
        return new LeadEvent(
                lead,
                "r" + n,
                Instant.parse("2026-11-01T00:00:00Z").plusSeconds(3_600L * n),
                type,
                Map.of("score", BigDecimal.valueOf(score)));
    }

    @Test
    void evaluate_whenEightEvaluationsRace_keepsEveryEventAndTheReplayedHistory() throws Exception {
        String lead = "web:RACE-1";
        List<LeadEvent> events =
                List.of(
                        event(lead, 1, "contact_created", 10),
                        event(lead, 2, "page_viewed", 30),
                        event(lead, 3, "form_submitted", 55),
                        event(lead, 4, "sales_accepted", 60),
                        event(lead, 5, "page_viewed", 61),
                        event(lead, 6, "opportunity_created", 62),
                        event(lead, 7, "page_viewed", 63),
                        event(lead, 8, "page_viewed", 64));
        LeadEvaluator evaluator = stack.run().app().evaluator();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (LeadEvent arrived : events) {
            runs.add(
                    pool.submit(
                            () -> {
                                go.await();
                                return evaluator.evaluate(lead, List.of(arrived));
                            }));
        }
        go.countDown();
        for (Future<?> run : runs) {
            run.get();
        }
        pool.shutdown();

        LeadRecord stored = stack.run().app().leads().read(lead);
        assertEquals(8, stored.events().size());
        assertEquals(
                new Engine(stack.run().app().model()).replay(lead, events).transitions(),
                stored.transitions());
        assertEquals(
                List.of("lead", "mql", "sal", "sql", "opportunity"),
                stored.transitions().stream().map(t -> t.to()).toList());
    }
}
