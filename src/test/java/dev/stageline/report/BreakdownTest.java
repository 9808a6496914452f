package dev.stageline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stageline.engine.DimensionValue;
import dev.stageline.engine.Engine;
import dev.stageline.engine.LeadEvent;
import dev.stageline.engine.LeadHistory;
import dev.stageline.engine.Transition;
import dev.stageline.model.LifecycleModel;
import dev.stageline.model.ModelLoader;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec's worked example broken down by a dimension, {@code region}: A and B are in the north, C
 * and D in the south, and D moves north on 2026-02-20 without changing stage. Expected values are
 * the spec's tables split by hand: entries and exits count under the value at the transition,
 * balances under the value at the period's end.
 */
class BreakdownTest {

    private static final String MODEL =
            """
            name: worked-example-by-region
            timeZone: UTC
            conversionWindow: P90D
            dimensions: [region]
            attributes: [region]
            stages:
              - {id: lead, name: Lead, kind: success}
              - {id: mql, name: MQL, kind: success}
              - {id: sal, name: SAL, kind: success, sla: P2D}
              - {id: sql, name: SQL, kind: success}
              - {id: won, name: Won, kind: success, terminal: true}
              - {id: recycled, name: Recycled, kind: detour}
            rules:
              - {id: to-lead, to: lead, when: {event: [lead]}}
              - {id: to-mql, to: mql, when: {event: [mql]}}
              - {id: to-sal, to: sal, when: {event: [sal]}}
              - {id: to-sql, to: sql, when: {event: [sql]}}
              - {id: to-won, to: won, when: {event: [won]}}
              - {id: to-recycled, to: recycled, from: [mql, sal, sql], when: {event: [recycled]}}
            """;

    private static final Instant AS_OF = Instant.parse("2026-03-15T00:00:00Z");
    private static LifecycleModel model;
    private static final List<Transition> transitions = new ArrayList<>();
    private static final Map<String, List<DimensionValue>> timelines = new HashMap<>();

    @BeforeAll
    static void replayTheExample() {
        model = ModelLoader.parse("by-region.yaml", MODEL);
        Map<String, List<LeadEvent>> events = new HashMap<>();
        String[][] rows = {
            {"A", "lead", "2026-01-05", "north"},
            {"A", "mql", "2026-01-10", ""},
            {"A", "sal", "2026-01-12", ""},
            {"A", "sql", "2026-02-03", ""},
            {"A", "won", "2026-03-01", ""},
            {"B", "mql", "2026-01-20", "north"},
            {"B", "recycled", "2026-02-25", ""},
            {"C", "lead", "2026-01-28", "south"},
            {"C", "sql", "2026-02-10", ""},
            {"D", "lead", "2026-02-02", "south"},
            {"D", "mql", "2026-02-15", ""},
            {"D", "profile_updated", "2026-02-20", "north"},
        };
        for (String[] row : rows) {
            Map<String, Object> attributes = row[3].isEmpty() ? Map.of() : Map.of("region", row[3]);
            events.computeIfAbsent(row[0], k -> new ArrayList<>())
                    .add(
                            new LeadEvent(
                                    row[0],
                                    row[0] + "-" + row[1],
                                    Instant.parse(row[2] + "T12:00:00Z"),
                                    row[1],
                                    attributes));
        }
        Engine engine = new Engine(model);
        events.forEach(
                (lead, leadEvents) -> {
                    LeadHistory history = engine.replay(lead, leadEvents);
                    transitions.addAll(history.transitions());
                    timelines.put(lead, history.dimensions());
                });
    }

    private static Map<String, List<PeriodFigures>> byRegion() {
        return FunnelAggregator.aggregateBy(
                model,
                transitions,
                new Breakdown("region", timelines),
                Granularity.MONTH,
                LocalDate.of(2026, 1, 1),
                LocalDate.of(2026, 3, 1),
                AS_OF);
    }

    private static List<Integer> figures(String region, int month, String stage) {
        StageFigures f = byRegion().get(region).get(month).stage(stage).orElseThrow();
        return List.of(f.entered(), f.exited(), f.advanced(), f.balance());
    }

    @Test
    void aggregateBy_january_splitsEachFigureByTheRegionAtTheTime() {
        assertEquals(List.of(2, 2, 2, 0), figures("north", 0, "lead"));
        assertEquals(List.of(1, 0, 0, 1), figures("south", 0, "lead"));
        assertEquals(List.of(2, 1, 1, 1), figures("north", 0, "mql"));
        assertEquals(List.of(0, 0, 0, 0), figures("south", 0, "mql"));
        assertEquals(List.of(1, 0, 0, 1), figures("north", 0, "sal"));
    }

    @Test
    void aggregateBy_february_countsTheBalanceUnderTheValueAtTheEnd() {
        assertEquals(List.of(0, 1, 0, 1), figures("north", 1, "mql"));
        assertEquals(List.of(2, 1, 1, 0), figures("south", 1, "mql"));
        assertEquals(List.of(1, 0, 0, 1), figures("north", 1, "recycled"));
        assertEquals(List.of(1, 0, 0, 1), figures("north", 1, "sql"));
        assertEquals(List.of(1, 0, 0, 1), figures("south", 1, "sql"));
    }

    @Test
    void aggregateBy_summedOverValues_equalsTheUnbrokenFigures() {
        List<PeriodFigures> overall =
                FunnelAggregator.aggregate(
                        model,
                        transitions,
                        Granularity.MONTH,
                        LocalDate.of(2026, 1, 1),
                        LocalDate.of(2026, 3, 1),
                        AS_OF);
        Map<String, List<PeriodFigures>> byRegion = byRegion();

        assertEquals(List.of("north", "south"), List.copyOf(byRegion.keySet()));
        for (int month = 0; month < 2; month++) {
            for (StageFigures total : overall.get(month).stages()) {
                int entered = 0;
                int exited = 0;
                int balance = 0;
                for (List<PeriodFigures> region : byRegion.values()) {
                    StageFigures part = region.get(month).stage(total.stage()).orElseThrow();
                    entered += part.entered();
                    exited += part.exited();
                    balance += part.balance();
                }
                assertEquals(
                        List.of(total.entered(), total.exited(), total.balance()),
                        List.of(entered, exited, balance),
                        total.stage() + " in month " + month);
            }
        }
    }

    @Test
    void aggregateBy_leadWithoutValue_countsUnderNone() {
        Map<String, List<DimensionValue>> none = Map.of();
        Map<String, List<PeriodFigures>> byRegion =
                FunnelAggregator.aggregateBy(
                        model,
                        transitions,
                        new Breakdown("region", none),
                        Granularity.MONTH,
                        LocalDate.of(2026, 1, 1),
                        LocalDate.of(2026, 2, 1),
                        AS_OF);

        assertEquals(List.of(DimensionValue.NONE), List.copyOf(byRegion.keySet()));
        assertEquals(
                3,
                byRegion.get(DimensionValue.NONE).getFirst().stage("lead").orElseThrow().entered());
    }
}
