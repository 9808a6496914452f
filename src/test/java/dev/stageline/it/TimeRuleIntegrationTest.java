package dev.stageline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import dev.stageline.store.TimerIndex;
import dev.stageline.testing.MutableClock;
import dev.stageline.testing.TestStack;
import dev.stageline.testing.TestStack.Answer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.time.temporal.ChronoUnit;

/**
 * The 30-day recycle rule of models/recycle.yaml through the local stack: a lead enters MQL, the
 * stack's clock moves on 31 days, and the scheduled run (the admin route the nightly schedule
 * calls) records the move to Nurture at exactly 30 days after the entry, with no event.
 */
class TimeRuleIntegrationTest {

    private static final MutableClock CLOCK =
            new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final Instant ENTERED = CLOCK.instant().minus(Duration.ofHours(1));
    private static final Instant THIRTY_DAYS_ON = ENTERED.plus(Duration.ofDays(30));

    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("models/recycle.yaml", CLOCK);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static void send(String id, String type, Instant at, String lead, String fields) {
        String body =
                """
                {"id": "%s", "type": "%s", "occurredAt": "%s", "lead": {"id": "%s", %s}}"""
                        .formatted(id, type, at, lead, fields);
        Answer stored = stack.webhook("web", body, "msg_" + id);
        assertEquals(200, stored.status(), stored.text());
        stack.drain();
    }

    private static JsonNode lead(String key) {
        Answer answer = stack.get("/leads/" + key);
        assertEquals(200, answer.status(), answer.text());
        return answer.body();
    }

    private static JsonNode scheduledRun() {
        Answer answer = stack.post("/admin/aggregate", "{\"granularities\": [\"month\"]}");
        assertEquals(200, answer.status(), answer.text());
        return answer.body();
    }

    /** The lead keys the timer index holds for the UTC date of {@code at}. */
    private static Set<String> filedOn(Instant at) {
        var app = stack.run().app();
        LocalDate date = TimerIndex.dateOf(at);
        return new TimerIndex(app.dynamo(), app.settings().leadTable()).leadsOn(date, date);
    }

    /** Leads entering Nurture in the month of {@code at}, from the stored monthly report. */
    private static int enteredNurture(Instant at) {
        LocalDate month = LocalDate.ofInstant(at, ZoneOffset.UTC).withDayOfMonth(1);
        Answer report =
                stack.get(
                        "/reports/funnel?granularity=month&from="
                                + month
                                + "&to="
                                + month.plusMonths(1));
        assertEquals(200, report.status(), report.text());
        for (JsonNode stage : report.body().path("periods").get(0).path("stages")) {
            if (stage.path("stage").asText().equals("nurture")) {
                return stage.path("entered").asInt();
            }
        }
        throw new AssertionError("no nurture in " + report.text());
    }

    @Test
    void scheduledRun_whenThirtyDaysPassInMql_recyclesAtTheInstantAndOnceOnly() {
        send("t1", "form_submitted", ENTERED, "R-1", "\"score\": 70");
        send("t2", "form_submitted", ENTERED, "R-2", "\"score\": 70");
        send("t3", "sales_accepted", ENTERED.plus(Duration.ofMinutes(5)), "R-2", "\"score\": 70");
        JsonNode waiting = lead("web:R-1");
        assertEquals("mql", waiting.path("stage").asText());
        assertEquals(THIRTY_DAYS_ON.toString(), waiting.path("nextCheck").asText());
        assertTrue(lead("web:R-2").path("nextCheck").isNull());
        assertEquals(Set.of("web:R-1"), filedOn(THIRTY_DAYS_ON), "R-2 was taken off when accepted");

        CLOCK.advance(Duration.ofDays(31));
        JsonNode run = scheduledRun();

        LocalDate today = LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC);
        assertEquals(today.minusDays(400).toString(), run.path("timers").path("from").asText());
        assertEquals(1, run.path("timers").path("moved").asInt(), run.toString());
        JsonNode recycled = lead("web:R-1");
        assertEquals("nurture", recycled.path("stage").asText());
        JsonNode move = recycled.path("transitions").get(2);
        assertEquals("mql", move.path("from").asText());
        assertEquals("nurture", move.path("to").asText());
        assertEquals(THIRTY_DAYS_ON.toString(), move.path("at").asText());
        assertEquals("stale-mql", move.path("rule").asText());
        assertTrue(move.path("eventId").isNull(), move.toString());
        JsonNode timeTest = move.path("explanation").get(0);
        assertEquals("in_stage_for 30 days", timeTest.path("test").asText());
        assertEquals(
                "in MQL since " + ENTERED + ", 30 days by " + THIRTY_DAYS_ON,
                timeTest.path("seen").asText());
        assertTrue(recycled.path("nextCheck").isNull());
        assertEquals(Set.of(), filedOn(THIRTY_DAYS_ON));
        assertEquals("sal", lead("web:R-2").path("stage").asText());
        assertEquals(1, enteredNurture(THIRTY_DAYS_ON), "the report counts the time move");

        JsonNode rerun = scheduledRun();

        assertEquals(today.toString(), rerun.path("timers").path("from").asText());
        assertEquals(0, rerun.path("timers").path("moved").asInt(), rerun.toString());
        assertEquals(recycled, lead("web:R-1"));
    }
}
