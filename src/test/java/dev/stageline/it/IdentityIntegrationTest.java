package dev.stageline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import dev.stageline.engine.Engine;
import dev.stageline.engine.LeadEvent;
import dev.stageline.engine.Transition;
import dev.stageline.evaluate.LeadEvaluator;
import dev.stageline.store.LeadRecord;
import dev.stageline.testing.TestStack;
import dev.stageline.testing.TestStack.Answer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The keys of one person end as one lead, over DynamoDB (moto): through the webhook and the stream,
 * and through the evaluator in every arrival order, with redeliveries and with evaluations racing.
 * Expected histories are the engine's replay of all the person's events under the key that sorts
 * first, or read off models/default.yaml.
 */
class IdentityIntegrationTest {

    private static final String LEAD = "salesforce:00QXX000000";
    private static final String CONTACT = "salesforce:003XX000000";

    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("models/default.yaml", "src/test/resources/sources/identity.yaml");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void webhook_whenContactNamesItsConvertedLead_oneHistoryUnderTheContactCountedOnce() {
        String lead =
                """
                [{"id": "q1", "type": "form_submitted", "occurredAt": "2026-03-02T09:00:00Z",
                  "lead": {"id": "00QXX0000001", "score": 20, "country": "DE"}},
                 {"id": "q2", "type": "page_viewed", "occurredAt": "2026-03-03T09:00:00Z",
                  "lead": {"id": "00QXX0000001", "score": 60}}]""";
        String contact =
                """
                {"id": "c1", "type": "sales_accepted", "occurredAt": "2026-03-05T09:00:00Z",
                 "lead": {"id": "003XX0000001", "aliases": "salesforce:00QXX0000001"}}""";
        assertEquals(200, stack.webhook("crm", contact, "msg_c1").status());
        stack.drain();
        assertEquals(200, stack.webhook("crm", lead, "msg_q").status());
        assertEquals(2, stack.webhook("crm", lead, "msg_q").body().path("duplicates").asInt());
        assertEquals(1, stack.webhook("crm", contact, "msg_c1").body().path("duplicates").asInt());
        stack.drain();

        for (String asked : List.of(LEAD + "1", CONTACT + "1")) {
            JsonNode body = stack.get("/leads/" + asked).body();
            assertEquals(CONTACT + "1", body.path("leadKey").asText(), body.toString());
            assertEquals(asked, body.path("requestedKey").asText());
            assertEquals(List.of(LEAD + "1"), texts(body.path("mergedKeys")));
            assertEquals(3, body.path("events").asInt());
            assertEquals("sal", body.path("stage").asText());
            assertEquals("DE", body.path("attributes").path("country").asText());
            assertEquals(
                    List.of("null>lead known-lead q1", "lead>mql mql-by-score q2",
                            "mql>sal sales-accepted c1"),
                    transitions(body));
        }
        LeadRecord away = stack.run().app().leads().read(LEAD + "1");
        assertEquals(Optional.of(CONTACT + "1"), away.mergedInto());
        assertEquals(List.of(), away.transitions());

        Answer aggregated = stack.post("/admin/aggregate", "{\"granularities\": [\"month\"]}");
        assertEquals(200, aggregated.status(), aggregated.body().toString());
        JsonNode march =
                stack.get("/reports/funnel?granularity=month&from=2026-03-01&to=2026-04-01")
                        .body()
                        .path("periods")
                        .get(0);
        assertEquals(1, entered(march, "lead"));
        assertEquals(1, entered(march, "mql"));
        assertEquals(1, entered(march, "sal"));
    }

    @Test
    void webhook_whenIdentityMergedEvent_laterEventsOfEitherKeyApplyToTheSurvivor() {
        String before =
                """
                [{"id": "a1", "type": "form_submitted", "occurredAt": "2026-04-02T09:00:00Z",
                  "lead": {"id": "M-2", "score": 10}},
                 {"id": "b1", "type": "contact_created", "occurredAt": "2026-04-03T09:00:00Z",
                  "lead": {"id": "M-1", "score": 30}}]""";
        String merged =
                """
                {"id": "m1", "type": "identity.merged", "occurredAt": "2026-04-04T09:00:00Z",
                 "lead": {"id": "M-2", "aliases": ["web:M-1"]}}""";
        String after =
                """
                {"id": "a2", "type": "demo_requested", "occurredAt": "2026-04-05T09:00:00Z",
                 "lead": {"id": "M-2"}}""";
        stack.webhook("web", before, "msg_m_before");
        stack.drain();
        stack.webhook("web", merged, "msg_m_merged");
        stack.drain();
        stack.webhook("web", after, "msg_m_after");
        stack.drain();

        JsonNode body = stack.get("/leads/web:M-2").body();
        assertEquals("web:M-1", body.path("leadKey").asText(), body.toString());
        assertEquals(List.of("web:M-2"), texts(body.path("mergedKeys")));
        assertEquals(4, body.path("events").asInt());
        assertEquals(
                List.of("null>lead known-lead a1", "lead>mql mql-by-score a2"),
                transitions(body));
        assertEquals(
                Optional.of("web:M-1"), stack.run().app().leads().read("web:M-2").mergedInto());
    }

    @Test
    void evaluate_inEveryArrivalOrderWithRedeliveries_givesTheReplayOfAllEvents() {
        LeadEvaluator evaluator = stack.run().app().evaluator();
        List<List<Integer>> orders = permutations(List.of(0, 1, 2, 3));
        for (int n = 0; n < orders.size(); n++) {
            String lead = LEAD + "O" + n;
            String contact = CONTACT + "O" + n;
            List<LeadEvent> events = personEvents(lead, contact, "2026-05-0");
            for (int i : orders.get(n)) {
                evaluator.evaluate(events.get(i).leadKey(), List.of(events.get(i)));
            }
            LeadEvent again = events.get(orders.get(n).getFirst());
            evaluator.evaluate(again.leadKey(), List.of(again));

            assertOneLead(contact, lead, events);
        }
    }

    @Test
    void evaluate_whenBothKeysAndAChainAreMergedConcurrently_keepsOneHistory() throws Exception {
        LeadEvaluator evaluator = stack.run().app().evaluator();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 3; round++) {
                String a = "web:CA" + round;
                String b = "web:CB" + round;
                String c = "web:CC" + round;
                List<LeadEvent> events =
                        List.of(
                                event(a, "x1", "2026-06-01", "form_submitted", 20),
                                event(b, "x2", "2026-06-02", "page_viewed", 40, a),
                                event(a, "x3", "2026-06-03", "page_viewed", 45, b),
                                event(c, "x4", "2026-06-04", "page_viewed", 70, b),
                                event(c, "x5", "2026-06-05", "sales_accepted", 70),
                                event(b, "x6", "2026-06-06", "opportunity_created", 70));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> runs = new ArrayList<>();
                for (LeadEvent arrived : events) {
                    runs.add(
                            pool.submit(
                                    () -> {
                                        go.await();
                                        return evaluator.evaluate(
                                                arrived.leadKey(), List.of(arrived));
                                    }));
                }
                go.countDown();
                for (Future<?> run : runs) {
                    run.get();
                }

                LeadRecord stored = stack.run().app().leads().read(a);
                assertEquals(List.of(b, c), stored.mergedKeys());
                assertEquals(
                        new Engine(stack.run().app().model()).replay(a, events).transitions(),
                        stored.transitions());
                assertEquals(
                        List.of("lead", "mql", "sal", "sql", "opportunity"),
                        stored.transitions().stream().map(Transition::to).toList());
                assertEquals(Optional.of(a), stack.run().app().leads().read(b).mergedInto());
                assertEquals(Optional.of(a), stack.run().app().leads().read(c).mergedInto());
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Two events of the lead, then the contact's: it names the lead, then sales accepts it. */
    private static List<LeadEvent> personEvents(String lead, String contact, String day) {
        return List.of(
                event(lead, "e1", day + "1", "form_submitted", 20),
                event(lead, "e2", day + "2", "page_viewed", 60),
                event(contact, "e3", day + "3", "contact_created", 60, lead),
                event(contact, "e4", day + "4", "sales_accepted", 60));
    }

    private static void assertOneLead(String canonical, String other, List<LeadEvent> events) {
        LeadRecord stored = stack.run().app().leads().read(canonical);
        assertEquals(events.size(), stored.events().size());
        assertEquals(List.of(other), stored.mergedKeys());
        List<Transition> expected =
                new Engine(stack.run().app().model()).replay(canonical, events).transitions();
        assertEquals(expected, stored.transitions());
        assertEquals(
                List.of("lead", "mql", "sal"),
                stored.transitions().stream().map(Transition::to).toList());
        LeadRecord away = stack.run().app().leads().read(other);
        assertEquals(Optional.of(canonical), away.mergedInto());
        assertTrue(away.transitions().isEmpty());
    }

    private static LeadEvent event(
            String lead, String id, String day, String type, int score, String... aliases) {
        return new LeadEvent(
                lead,
                id,
                Instant.parse(day + "T09:00:00Z"),
                type,
                Map.of("score", BigDecimal.valueOf(score)),
                List.of(aliases));
    }

    private static List<List<Integer>> permutations(List<Integer> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<Integer>> all = new ArrayList<>();
        for (Integer first : items) {
            List<Integer> rest = new ArrayList<>(items);
            rest.remove(first);
            for (List<Integer> tail : permutations(rest)) {
                List<Integer> order = new ArrayList<>(List.of(first));
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }

    private static List<String> transitions(JsonNode lead) {
        List<String> lines = new ArrayList<>();
        lead.path("transitions")
                .forEach(
                        t ->
                                lines.add(
                                        (t.path("from").isNull() ? "null" : t.path("from").asText())
                                                + ">"
                                                + t.path("to").asText()
                                                + " "
                                                + t.path("rule").asText()
                                                + " "
                                                + t.path("eventId").asText()));
        return lines;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static int entered(JsonNode period, String stage) {
        for (JsonNode figures : period.path("stages")) {
            if (figures.path("stage").asText().equals(stage)) {
                return figures.path("entered").asInt();
            }
        }
        throw new AssertionError("no stage " + stage + " in " + period);
    }
}
