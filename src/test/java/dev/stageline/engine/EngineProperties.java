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
 * generated against the default model, with types and fields its rules test.
 */
class EngineProperties {

    private static final LifecycleModel MODEL = ModelLoader.load(Path.of("models", "default.yaml"));
    private static final Engine ENGINE = new Engine(MODEL);
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

    @Provide
    Arbitrary<LeadEvent> events() {
        Arbitrary<Integer> hour = Arbitraries.integers().between(0, 24 * 30);
        Arbitrary<String> type = Arbitraries.of(TYPES);
        Arbitrary<Integer> score = Arbitraries.integers().between(0, 100);
        Arbitrary<String> status = Arbitraries.of(STATUSES);
        Arbitrary<Boolean> budget = Arbitraries.of(true, false);
        Arbitrary<String> id = Arbitraries.strings().alpha().ofLength(6);
        return Combinators.combine(hour, type, score, status, budget, id)
                .as(
                        (h, t, s, st, b, i) ->
                                new LeadEvent(
                                        "web:P-1",
                                        i,
                                        Instant.parse("2026-11-01T00:00:00Z")
                                                .plusSeconds(3_600L * h),
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
}
