package dev.stageline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import dev.stageline.engine.Engine;
import dev.stageline.engine.LeadEvent;
import dev.stageline.engine.Transition;
import dev.stageline.handler.Application;
import dev.stageline.handler.Settings;
import dev.stageline.model.ModelLoader;
import dev.stageline.replay.ReplayJob;
import dev.stageline.store.LeadRecord;
import dev.stageline.store.ReplayCheckpoint;
import dev.stageline.testing.TestStack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model change replayed over a stack that evaluated its leads under the shipped model (A): the
 * new model (B) asks a score of 70 instead of 50 for MQL. Expected histories are the engine's
 * replay under B of each lead's events, computed here; the counts are written down from the data.
 */
class ReplayIntegrationTest {

    static final String MODEL_A = "models/default.yaml";
    static final String MODEL_B = "src/test/resources/models/default-mql-70.yaml";
    static final int LEADS = 12;

    /** Scores by lead number modulo 4: under A three of each four reach MQL, under B one. */
    private static final int[] SCORES = {45, 55, 65, 75};

    private TestStack stack;
    private Map<String, List<LeadEvent>> eventsByLead;

    @BeforeEach
    void start() {
        stack = TestStack.start(MODEL_A);
        eventsByLead = new LinkedHashMap<>();
        List<LeadEvent> all = new ArrayList<>();
        for (int n = 1; n <= LEADS; n++) {
            String lead = "web:R-" + n;
            Instant first = Instant.parse("2026-11-02T09:00:00Z").plusSeconds(3_600L * n);
            List<LeadEvent> events =
                    List.of(
                            event(lead, "c" + n, first, "contact_created", 10),
                            event(lead, "v" + n, first.plusSeconds(600), "page_viewed",
                                    SCORES[n % 4]));
            eventsByLead.put(lead, events);
            all.addAll(events);
        }
        for (int from = 0; from < all.size(); from += 10) {
            List<LeadEvent> batch = all.subList(from, Math.min(from + 10, all.size()));
            stack.run().app().events().store("web", batch);
        }
        stack.drain();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    private static LeadEvent event(String lead, String id, Instant at, String type, int score) {
        return new LeadEvent(lead, id, at, type, Map.of("score", BigDecimal.valueOf(score)));
    }

    private Application under(String model) {
        return under(stack, model);
    }

    /** A second process over a stack's tables, running {@code model}: the deployed replay. */
    static Application under(TestStack stack, String model) {
        Settings s = stack.run().app().settings();
        return new Application(
                new Settings(s.leadTable(), s.reportTable(), model, s.sources(), s.endpoint(),
                        s.secrets()),
                stack.run().app().dynamo(),
                Clock.systemUTC());
    }

    private static List<Transition> replayed(String model, String lead, List<LeadEvent> events) {
        return new Engine(ModelLoader.load(Path.of(model)))
                .replay(lead, events)
                .transitions();
    }

    private void assertEveryLeadReplayedUnder(Application b) {
        for (var lead : eventsByLead.entrySet()) {
            LeadRecord stored = b.leads().read(lead.getKey());
            assertEquals(
                    replayed(MODEL_B, lead.getKey(), lead.getValue()),
                    stored.transitions(),
                    lead.getKey());
        }
    }

    /** The counts an uninterrupted replay of this data must end with, whatever the pages. */
    private static void assertWholeRunCounted(ReplayCheckpoint done) {
        assertEquals(LEADS, done.leads());
        // Six leads no longer reach MQL; the three scoring 75 still do, but their MQL transition
        // now explains itself by "score gte 70": nine histories differ, the three at 45 do not.
        assertEquals(9, done.changed());
        assertEquals(Map.of("lead", 12L, "mql", 9L), done.before());
        assertEquals(Map.of("lead", 12L, "mql", 3L), done.after());
    }

    @Test
    void run_whenModelChanged_storesTheNewModelsHistoryAndSwitchesReadersAndReports() {
        String revisionA = stack.run().app().revision();
        Application b = under(MODEL_B);
        assertEquals(Optional.of(revisionA), b.activeRevision().read());
        List<ReplayJob.PageDone> pages = new ArrayList<>();

        ReplayJob.Outcome outcome = b.replay().run(5, () -> true, pages::add);

        assertEquals(ReplayJob.Status.DONE, outcome.status());
        assertEquals(Optional.of(b.revision()), b.activeRevision().read());
        assertEveryLeadReplayedUnder(b);
        ReplayCheckpoint done = outcome.checkpoint().orElseThrow();
        assertWholeRunCounted(done);
        assertEquals(ReplayCheckpoint.Phase.REPORTED, done.phase());
        assertEquals(revisionA, done.source());
        pages.forEach(p -> assertTrue(p.itemsRead() <= 5, "page read " + p.itemsRead()));
        assertEquals(LEADS, pages.stream().mapToInt(ReplayJob.PageDone::leads).sum());
        // 12 leads x (2 events + 1 state) + the active revision and the checkpoint: 38 items.
        assertTrue(pages.size() >= 8, "pages " + pages.size());

        JsonNode lead = stack.get("/leads/web:R-1").body();
        assertEquals(b.revision(), lead.path("revision").asText());
        assertEquals("lead", lead.path("stage").asText());
        JsonNode november =
                stack.get("/reports/funnel?granularity=month&from=2026-11-01&to=2026-12-01")
                        .body()
                        .path("periods")
                        .get(0);
        assertEquals(3, stage(november, "mql").path("entered").asInt(), november.toString());
        assertEquals(12, stage(november, "lead").path("entered").asInt(), november.toString());
    }

    private static JsonNode stage(JsonNode period, String id) {
        for (JsonNode stage : period.path("stages")) {
            if (stage.path("stage").asText().equals(id)) {
                return stage;
            }
        }
        throw new AssertionError("no stage " + id + " in " + period);
    }

    @Test
    void run_whenInterruptedAndCrashed_keepsTheOldHistoryReadableThenEndsAsAnUninterruptedRun() {
        String revisionA = stack.run().app().revision();
        AtomicInteger allowed = new AtomicInteger(2);

        ReplayJob.Outcome stopped =
                under(MODEL_B).replay().run(4, () -> allowed.getAndDecrement() > 0, page -> {});

        assertEquals(ReplayJob.Status.RESUME, stopped.status());
        assertEquals(2, stopped.checkpoint().orElseThrow().pages());
        Application b = under(MODEL_B);
        assertEquals(Optional.of(revisionA), b.activeRevision().read());
        for (var lead : eventsByLead.entrySet()) {
            JsonNode shown = stack.get("/leads/" + lead.getKey()).body();
            assertEquals(revisionA, shown.path("revision").asText());
            assertEquals(
                    replayed(MODEL_A, lead.getKey(), lead.getValue()).size(),
                    shown.path("transitions").size(),
                    lead.getKey());
            LeadRecord early = b.leads().read(lead.getKey());
            if (early.state().isPresent()) {
                assertEquals(
                        replayed(MODEL_B, lead.getKey(), lead.getValue()), early.transitions());
            }
        }

        RuntimeException crash = new IllegalStateException("the process died");
        assertThrows(
                IllegalStateException.class,
                () -> under(MODEL_B).replay().run(4, () -> true, page -> {
                    throw crash;
                }));
        assertEquals(2, b.replay().run(4, () -> false, page -> {}).checkpoint().orElseThrow()
                .pages());

        List<Long> resumedAt = new ArrayList<>();
        ReplayJob.Outcome finished =
                under(MODEL_B).replay()
                        .run(4, () -> true, page -> resumedAt.add(page.checkpoint().pages()));

        assertEquals(ReplayJob.Status.DONE, finished.status());
        assertEquals(3L, resumedAt.getFirst());
        assertWholeRunCounted(finished.checkpoint().orElseThrow());
        assertEveryLeadReplayedUnder(b);
        assertEquals(Optional.of(b.revision()), b.activeRevision().read());
    }

    @Test
    void run_whenLiveEvaluationsRaceThePages_losesNoEvent() throws Exception {
        Application b = under(MODEL_B);
        Map<String, List<LeadEvent>> arrived = new LinkedHashMap<>();
        eventsByLead.forEach(
                (lead, events) ->
                        arrived.put(
                                lead,
                                List.of(event(lead, "late-" + lead, Instant.parse(
                                        "2026-11-20T00:00:00Z"), "page_viewed", 90))));

        CompletableFuture<Void> live =
                CompletableFuture.runAsync(
                        () ->
                                arrived.forEach(
                                        (lead, events) -> {
                                            b.events().store("web", events);
                                            b.evaluator().evaluate(lead, events);
                                        }));
        ReplayJob.Outcome outcome = under(MODEL_B).replay().run(2, () -> true, page -> {});
        live.get();

        assertEquals(ReplayJob.Status.DONE, outcome.status());
        for (var lead : eventsByLead.entrySet()) {
            List<LeadEvent> all = new ArrayList<>(lead.getValue());
            all.addAll(arrived.get(lead.getKey()));
            LeadRecord stored = b.leads().read(lead.getKey());
            assertEquals(3, stored.events().size(), lead.getKey());
            assertEquals(
                    replayed(MODEL_B, lead.getKey(), all), stored.transitions(), lead.getKey());
            assertEquals("mql", stored.transitions().getLast().to(), lead.getKey());
        }
    }

    @Test
    void run_whenTheNewRevisionIsAlreadyActive_replaysNothing() {
        Application a = under(MODEL_A);

        ReplayJob.Outcome outcome = a.replay().run(5, () -> true, page -> {});

        assertEquals(ReplayJob.Status.DONE, outcome.status());
        assertTrue(outcome.checkpoint().isEmpty());
        assertTrue(outcome.note().contains("already the active revision"), outcome.note());
        assertNotEquals(a.revision(), under(MODEL_B).revision());
    }
}
