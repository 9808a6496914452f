package dev.stageline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.stageline.aggregate.AggregationJob;
import dev.stageline.aggregate.ReportJson;
import dev.stageline.engine.DimensionValue;
import dev.stageline.engine.Transition;
import dev.stageline.handler.Application;
import dev.stageline.report.Breakdown;
import dev.stageline.report.FunnelAggregator;
import dev.stageline.report.Granularity;
import dev.stageline.report.PeriodFigures;
import dev.stageline.store.ReportStore;
import dev.stageline.testing.TestStack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The aggregation recomputes only what changed, yet its reports equal a full recomputation: after a
 * first run, a late event and a change of a breakdown value land in periods already aggregated; the
 * next run reads only the leads active in the marked periods, and every stored period of every
 * granularity, unbroken and by country, equals what {@link FunnelAggregator} gives from all
 * transitions at once. A run with nothing changed reads no lead.
 */
class IncrementalAggregationIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PATH = {"lead", "mql", "sal", "sql", "won"};
    private static final String[] COUNTRIES = {"DE", "FR", "US"};

    private static TestStack stack;
    private static Application app;

    @BeforeAll
    static void start() {
        stack = TestStack.start("src/test/resources/models/incremental.yaml");
        app = stack.run().app();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void
            run_whenLateEventsLandInAggregatedPeriods_equalsAFullRecomputationReadingOnlyActiveLeads() {
        send(generatedEvents(new Random(20261204)), "first");
        AggregationJob.Summary first = app.aggregation().run(List.of(Granularity.values()));
        int everyTransition = transitions().size();
        assertEquals(everyTransition, first.transitions(), "a first run reads every active lead");
        assertReportsEqualFullRecomputation(first.asOf());

        // Late news from the first quarter: X1 was sales accepted in January, and X2 moved country
        // in February while it sat in a stage; X3 was a lead in December, before anything the
        // first run saw. Leads active only later are not read again.
        send(
                List.of(
                        event("late-1", "X1", "sal", "2026-01-14T09:30:00Z", null),
                        event("late-2", "X2", "note", "2026-02-20T18:00:00Z", "JP"),
                        event("late-3", "X3", "lead", "2025-12-20T10:00:00Z", "DE")),
                "late");
        AggregationJob.Summary second = app.aggregation().run(List.of(Granularity.values()));
        assertTrue(second.changedDays() > 0, "the late events marked their days");
        assertTrue(
                second.transitions() < everyTransition,
                "read " + second.transitions() + " of " + everyTransition + " transitions");
        assertReportsEqualFullRecomputation(second.asOf());

        AggregationJob.Summary third = app.aggregation().run(List.of(Granularity.values()));
        assertEquals(0, third.changedDays());
        assertEquals(0, third.transitions(), "nothing changed, so no lead is read");
        assertReportsEqualFullRecomputation(third.asOf());
    }

    /**
     * 24 leads, each walking part of the success path on days spread over January to September, and
     * two first-quarter leads that late events will change.
     */
    private static List<Map<String, Object>> generatedEvents(Random random) {
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(event("X1-0", "X1", "lead", "2026-01-10T10:00:00Z", "DE"));
        events.add(event("X1-1", "X1", "mql", "2026-01-12T10:00:00Z", "DE"));
        events.add(event("X2-0", "X2", "lead", "2026-02-03T10:00:00Z", "FR"));
        for (int lead = 0; lead < 24; lead++) {
            String key = "L%02d".formatted(lead);
            Instant at =
                    Instant.parse("2026-01-02T08:00:00Z")
                            .plusSeconds(random.nextInt(250 * 24) * 3600L);
            String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
            int first = random.nextInt(2);
            int last = first + random.nextInt(PATH.length - first);
            for (int step = first; step <= last; step++) {
                events.add(event(key + "-" + step, key, PATH[step], at.toString(), country));
                at = at.plusSeconds((1 + random.nextInt(20 * 24)) * 3600L);
                if (random.nextInt(6) == 0) {
                    country = COUNTRIES[random.nextInt(COUNTRIES.length)];
                }
            }
            if (random.nextInt(5) == 0 && last >= 1 && last < 4) {
                events.add(event(key + "-r", key, "recycled", at.toString(), country));
            }
        }
        return events;
    }

    private static Map<String, Object> event(
            String id, String lead, String type, String at, String country) {
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("type", type);
        body.put("occurredAt", at);
        Map<String, Object> leadFields = new HashMap<>();
        leadFields.put("id", lead);
        if (country != null) {
            leadFields.put("country", country);
        }
        body.put("lead", leadFields);
        return body;
    }

    private static void send(List<Map<String, Object>> events, String name) {
        for (int from = 0, batch = 0; from < events.size(); from += 100, batch++) {
            List<Map<String, Object>> part =
                    events.subList(from, Math.min(events.size(), from + 100));
            try {
                TestStack.Answer answer =
                        stack.webhook("web", JSON.writeValueAsString(part), "msg_" + name + batch);
                assertEquals(200, answer.status(), answer.text());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        stack.drain();
    }

    private static List<Transition> transitions() {
        List<Transition> all = new ArrayList<>();
        app.leads().forEachTimeline(lead -> all.addAll(lead.transitions()));
        return all;
    }

    private static void assertReportsEqualFullRecomputation(Instant asOf) {
        List<Transition> transitions = new ArrayList<>();
        Map<String, List<DimensionValue>> values = new HashMap<>();
        app.leads()
                .forEachTimeline(
                        lead -> {
                            transitions.addAll(lead.transitions());
                            values.put(lead.leadKey(), lead.dimensions());
                        });
        LocalDate from = LocalDate.of(2025, 12, 1);
        LocalDate to = asOf.atZone(app.model().timeZone()).toLocalDate().plusDays(1);
        for (Granularity g : Granularity.values()) {
            List<PeriodFigures> expected =
                    FunnelAggregator.aggregate(app.model(), transitions, g, from, to, asOf);
            Map<String, List<PeriodFigures>> byCountry =
                    FunnelAggregator.aggregateBy(
                            app.model(),
                            transitions,
                            new Breakdown("country", values),
                            g,
                            from,
                            to,
                            asOf);
            LocalDate firstStart = expected.get(0).period().start();
            Map<LocalDate, ReportStore.StoredPeriod> stored =
                    app.reports().periods(g.keyword(), "", firstStart, to);
            Map<LocalDate, ReportStore.StoredPeriod> storedByCountry =
                    app.reports().periods(g.keyword(), "country", firstStart, to);
            for (int i = 0; i < expected.size(); i++) {
                PeriodFigures period = expected.get(i);
                LocalDate start = period.period().start();
                String where = g.keyword() + " " + period.period().label();
                if (!stored.containsKey(start)) {
                    assertTrue(isEmpty(tree(ReportJson.stages(period.stages()))), where);
                    continue;
                }
                assertEquals(
                        tree(ReportJson.stages(period.stages())), read(stored.get(start)), where);
                ObjectNode expectedByCountry = JSON.createObjectNode();
                int index = i;
                byCountry.forEach(
                        (country, figures) ->
                                expectedByCountry.set(
                                        country,
                                        tree(ReportJson.stages(figures.get(index).stages()))));
                assertEquals(
                        withoutEmptyValues(expectedByCountry),
                        withoutEmptyValues(read(storedByCountry.get(start))),
                        where + " by country");
            }
        }
    }

    /** As the store's JSON reads back, so that numbers compare by value. */
    private static JsonNode tree(Object figures) {
        try {
            return JSON.readTree(JSON.writeValueAsString(figures));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(ReportStore.StoredPeriod period) {
        try {
            return JSON.readTree(period.figuresJson());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Values with no count at all, which one side may list and the other leave out. */
    private static JsonNode withoutEmptyValues(JsonNode byValue) {
        ObjectNode kept = byValue.deepCopy();
        for (Iterator<String> names = byValue.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (isEmpty(byValue.get(name))) {
                kept.remove(name);
            }
        }
        return kept;
    }

    private static boolean isEmpty(JsonNode stages) {
        for (JsonNode stage : stages) {
            for (String figure :
                    List.of("entered", "exited", "balance", "slaBreaches", "slaPastDue")) {
                if (stage.path(figure).asInt() != 0) {
                    return false;
                }
            }
            if (stage.path("conversionToNext").path("cohort").asInt() != 0) {
                return false;
            }
        }
        return true;
    }
}
