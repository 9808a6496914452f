package dev.stageline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stageline.model.LifecycleModel;
import dev.stageline.model.ModelLoader;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The engine's history depends only on the set of a lead's events: any delivery order and any
 * number of repeated deliveries give the same transitions, stage and attributes. Events are
 * generated against the default model, with types and fields its rules test, and over four months
 * against models/recycle.yaml, whose 30-day time rule fires between them and up to {@code asOf}.
 */
class EngineProperties {

    private static final LifecycleModel MODEL = ModelLoader.load(Path.of("models", "default.yaml"));
    private static final Engine ENGINE = new Engine(MODEL);
    private static final Engine RECYCLE =
            new Engine(ModelLoader.load(Path.of("models", "recycle.yaml")));
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final List<String> TYPES =
            List.of(
                    "form_submitted",
                    "contact_created",
                    "demo_requested",
                    "sales_accepted",
                    "opportunity_created",
                    "page_viewed");
    private static final List<String> STATUSES =
            List.of("open", "qualified", "recycled", "unqualified", "sales qualified");
    /** Mostly events and statuses that leave a lead where it is, so it stays in MQL for long. */
    private static final List<String> CALM_TYPES =
            List.of(
                    "page_viewed",
                    "page_viewed",
                    "form_submitted",
                    "demo_requested",
                    "sales_accepted",
                    "page_viewed",
                    "page_viewed",
                    "form_submitted",
                    "demo_requested");
    private static final List<String> CALM_STATUSES =
            List.of("open", "open", "open", "open", "open", "working");

    @Provide
    Arbitrary<LeadEvent> events() {
        return eventsOver(30, TYPES, STATUSES);
    }

    @Provide
    Arbitrary<LeadEvent> spreadEvents() {
        return eventsOver(120, CALM_TYPES, CALM_STATUSES);
    }

    @Provide
    Arbitrary<Instant> asOf() {
        return Arbitraries.integers().between(0, 24 * 150).map(h -> START.plusSeconds(3_600L * h));
    }

    private static Arbitrary<LeadEvent> eventsOver(
            int days, List<String> types, List<String> statuses) {
        Arbitrary<Integer> hour = Arbitraries.integers().between(0, 24 * days);
        Arbitrary<String> type = Arbitraries.of(types);
        Arbitrary<Integer> score = Arbitraries.integers().between(0, 100);
        Arbitrary<String> status = Arbitraries.of(statuses);
        Arbitrary<Boolean> budget = Arbitraries.of(true, false);
        Arbitrary<String> id = Arbitraries.strings().alpha().ofLength(6);
        return Combinators.combine(hour, type, score, status, budget, id)
                .as(
                        (h, t, s, st, b, i) ->
                                new LeadEvent(
                                        "web:P-1",
                                        i,
                                        START.plusSeconds(3_600L * h),
                                        t,
                                        Map.of(
                                                "score",
                                                BigDecimal.valueOf(s),
                                                "lead_status",
                                                st,
                                                "budget_confirmed",
                                                b)));
    }

    /** De-duplicated by id, as the event store keeps them: one event per id. */
    private static List<LeadEvent> distinct(List<LeadEvent> events) {
        Map<String, LeadEvent> byId = new java.util.LinkedHashMap<>();
        events.forEach(e -> byId.putIfAbsent(e.eventId(), e));
        return new ArrayList<>(byId.values());
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.MIXIN)
    void replay_underAnyPermutation_givesTheSameHistory(
            @ForAll @Size(min = 1, max = 12)
                    List<@net.jqwik.api.From("events") LeadEvent> generated,
            @ForAll long seed) {
        List<LeadEvent> events = distinct(generated);
        List<LeadEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(seed));

        assertEquals(ENGINE.replay("web:P-1", events), ENGINE.replay("web:P-1", shuffled));
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.MIXIN)
    void replay_underDuplication_givesTheSameHistory(
            @ForAll @Size(min = 1, max = 12)
                    List<@net.jqwik.api.From("events") LeadEvent> generated,
            @ForAll long seed) {
        List<LeadEvent> events = distinct(generated);
        Random random = new Random(seed);
        List<LeadEvent> repeated = new ArrayList<>(events);
        for (LeadEvent event : events) {
            for (int copies = random.nextInt(3); copies > 0; copies--) {
                repeated.add(event);
            }
        }
        Collections.shuffle(repeated, random);

        assertEquals(ENGINE.replay("web:P-1", events), ENGINE.replay("web:P-1", repeated));
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.MIXIN)
    void replay_whenEventsArriveOneByOne_endsWhereTheWholeSetEnds(
            @ForAll @Size(min = 1, max = 10)
                    List<@net.jqwik.api.From("events") LeadEvent> generated) {
        List<LeadEvent> events = distinct(generated);
        LeadHistory whole = ENGINE.replay("web:P-1", events);

        List<LeadEvent> arrived = new ArrayList<>();
        LeadHistory incremental = null;
        for (LeadEvent event : events) {
            arrived.add(event);
            incremental = ENGINE.replay("web:P-1", arrived);
        }

        assertEquals(whole, incremental);
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.MIXIN)
    void replayAsOf_underAnyPermutationAndDuplication_givesTheSameHistory(
            @ForAll @Size(min = 1, max = 6)
                    List<@net.jqwik.api.From("spreadEvents") LeadEvent> generated,
            @ForAll("asOf") Instant asOf,
            @ForAll long seed) {
        List<LeadEvent> events = distinct(generated);
        Random random = new Random(seed);
        List<LeadEvent> delivered = new ArrayList<>(events);
        for (LeadEvent event : events) {
            for (int copies = random.nextInt(3); copies > 0; copies--) {
                delivered.add(event);
            }
        }
        Collections.shuffle(delivered, random);
        LeadHistory history = RECYCLE.replay("web:P-1", events, asOf);
        boolean timed = history.transitions().stream().anyMatch(t -> t.eventId().isEmpty());
        Statistics.collect(timed ? "with time moves" : "without");
        Statistics.coverage(coverage -> coverage.check("with time moves").percentage(p -> p > 5));

        assertEquals(
                history,
                RECYCLE.replay("web:P-1", delivered, asOf));
    }

    /**
     * Evaluating later only adds time moves: the history as of an instant after every event starts
     * with the history as of any earlier such instant, and nothing it adds is dated before it.
     */
    @Property(tries = 200, edgeCases = EdgeCasesMode.MIXIN)
    void replayAsOf_whenEvaluatedLater_extendsTheEarlierHistory(
            @ForAll @Size(min = 1, max = 6)
                    List<@net.jqwik.api.From("spreadEvents") LeadEvent> generated,
            @ForAll long seed) {
        List<LeadEvent> events = distinct(generated);
        Random random = new Random(seed);
        Instant last = events.stream().map(LeadEvent::occurredAt).max(Instant::compareTo).get();
        Instant early = last.plusSeconds(3_600L * random.nextInt(24 * 40));
        Instant late = early.plusSeconds(3_600L * random.nextInt(24 * 40));

        LeadHistory before = RECYCLE.replay("web:P-1", events, early);
        LeadHistory after = RECYCLE.replay("web:P-1", events, late);

        int kept = before.transitions().size();
        List<Transition> added = after.transitions().subList(kept, after.transitions().size());
        Statistics.collect(added.isEmpty() ? "nothing added" : "time moves added");
        Statistics.coverage(
                coverage -> coverage.check("time moves added").percentage(p -> p > 5));
        assertEquals(before.transitions(), after.transitions().subList(0, kept));
        assertEquals(List.of(), added.stream().filter(t -> !t.at().isAfter(early)).toList());
        assertEquals(
                before.nextCheck().filter(check -> !check.isAfter(late)).isPresent(),
                !added.isEmpty());
    }
}
