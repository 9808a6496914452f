package dev.stageline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stageline.model.ModelLoader;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Time rules ({@code in_stage_for}) against spec/lifecycle.md: true once the lead has been in its
 * stage that long, recorded at the instant it became true, with no event. Instants are written out
 * by hand: a lead entering MQL at 2026-01-01T10:00Z has been there 30 days at 2026-01-31T10:00Z.
 */
class TimeRulesTest {

    private static final String LEAD = "web:T-1";
    private static final Engine RECYCLE =
            new Engine(ModelLoader.load(Path.of("models", "recycle.yaml")));

    /**
     * After a week in Lead a lead is promoted to SQL (passing MQL and SAL), and from SQL one whose
     * deal is closed goes on to Won; a demo booked within two days of entering MQL is fast-tracked.
     */
    private static final Engine WEEKLY =
            new Engine(
                    ModelLoader.parse(
                            "models/weekly.yaml",
                            """
                            name: weekly
                            attributes: [deal_stage]
                            stages:
                              - {id: lead, kind: success}
                              - {id: mql, kind: success}
                              - {id: sal, kind: success}
                              - {id: sql, kind: success}
                              - {id: won, kind: success, terminal: true}
                            rules:
                              - {id: known, to: lead, when: {event: form_submitted}}
                              - {id: interested, to: mql, when: {event: page_viewed}}
                              - id: fast-track
                                to: sal
                                when:
                                  all:
                                    - {event: demo_booked}
                                    - {not: {in_stage_for: P2D}}
                              - {id: promote, to: sql, from: [lead], when: {in_stage_for: P7D}}
                              - id: closed
                                to: won
                                from: [sql]
                                when: {field: deal_stage, eq: closedwon}
                            """));

    /** Two stages that hand a lead back and forth every hour, without end. */
    private static final Engine HOURLY_LOOP =
            new Engine(
                    ModelLoader.parse(
                            "models/loop.yaml",
                            """
                            name: loop
                            attributes: []
                            stages:
                              - {id: lead, kind: success}
                              - {id: hold, kind: detour}
                            rules:
                              - {id: known, to: lead, when: {event: form_submitted}}
                              - {id: park, to: hold, from: [lead], when: {in_stage_for: PT1H}}
                              - {id: unpark, to: lead, from: [hold], when: {in_stage_for: PT1H}}
                            """));

    private static final LeadEvent ENTERS_MQL =
            event("e1", "2026-01-01T10:00:00Z", "form_submitted", "score", number("70"));

    @Test
    void replay_whenThirtyDaysPassInMql_movesToNurtureAtThatInstantWithNoEvent() {
        LeadHistory history = RECYCLE.replay(LEAD, List.of(ENTERS_MQL), at("2026-03-01T00:00:00Z"));

        Transition recycled = history.transitions().getLast();
        assertEquals(
                new Transition(
                        LEAD,
                        Optional.of("mql"),
                        "nurture",
                        at("2026-01-31T10:00:00Z"),
                        "stale-mql",
                        Optional.empty(),
                        false,
                        List.of(
                                new TestOutcome(
                                        "in_stage_for 30 days",
                                        "in MQL since 2026-01-01T10:00:00Z,"
                                                + " 30 days by 2026-01-31T10:00:00Z",
                                        true),
                                new TestOutcome(
                                        "not (lead_status eq working)", "(absent)", true))),
                recycled);
        assertEquals(Optional.of("nurture"), history.stage());
        assertEquals(Optional.empty(), history.nextCheck());
    }

    @Test
    void replay_whenAsOfIsBeforeTheInstant_movesNothingAndNamesTheInstantAsNextCheck() {
        LeadHistory history =
                RECYCLE.replay(LEAD, List.of(ENTERS_MQL), at("2026-01-31T09:59:59Z"));

        assertEquals(
                List.of("none->lead e1 (passed)", "lead->mql e1"), moves(history));
        assertEquals(Optional.of(at("2026-01-31T10:00:00Z")), history.nextCheck());
    }

    @Test
    void replay_whenAsOfIsTheInstant_moves() {
        LeadHistory history =
                RECYCLE.replay(LEAD, List.of(ENTERS_MQL), at("2026-01-31T10:00:00Z"));

        assertEquals("mql->nurture 2026-01-31T10:00:00Z stale-mql (time)", lastMove(history));
    }

    @Test
    void replay_whenSalesAcceptsBeforeTheInstant_neverRecycles() {
        LeadEvent accepted = event("e2", "2026-01-20T10:00:00Z", "sales_accepted");

        LeadHistory history =
                RECYCLE.replay(LEAD, List.of(ENTERS_MQL, accepted), at("2026-06-01T00:00:00Z"));

        assertEquals(Optional.of("sal"), history.stage());
        assertEquals("mql->sal 2026-01-20T10:00:00Z sales-accepted e2", lastMove(history));
        assertEquals(Optional.empty(), history.nextCheck());
    }

    @Test
    void replay_whenSalesIsWorkingTheLead_neverRecyclesAndHasNoNextCheck() {
        LeadEvent working =
                event("e2", "2026-01-20T10:00:00Z", "field_changed", "lead_status", "working");

        LeadHistory history =
                RECYCLE.replay(LEAD, List.of(ENTERS_MQL, working), at("2026-06-01T00:00:00Z"));

        assertEquals(Optional.of("mql"), history.stage());
        assertEquals(Optional.empty(), history.nextCheck());
    }

    @Test
    void replay_whenALateEventPrecedesTheInstant_undoesTheRecycling() {
        LeadEvent later = event("e3", "2026-02-10T10:00:00Z", "page_viewed");
        LeadEvent late = event("e2", "2026-01-20T10:00:00Z", "sales_accepted");
        Instant asOf = at("2026-03-01T00:00:00Z");
        LeadHistory before = RECYCLE.replay(LEAD, List.of(ENTERS_MQL, later), asOf);

        LeadHistory after = RECYCLE.replay(LEAD, List.of(ENTERS_MQL, later, late), asOf);

        assertEquals("mql->nurture 2026-01-31T10:00:00Z stale-mql (time)", lastMove(before));
        assertEquals(
                List.of(
                        "none->lead e1 (passed)",
                        "lead->mql e1",
                        "mql->sal e2"),
                moves(after));
    }

    @Test
    void replay_whenAnEventFollowsTheInstant_recordsTheTimeMoveBetweenThem() {
        LeadEvent comeback =
                event("e2", "2026-02-15T08:00:00Z", "form_submitted", "score", number("80"));

        LeadHistory history = RECYCLE.replay(LEAD, List.of(ENTERS_MQL, comeback));

        assertEquals(
                List.of(
                        "none->lead 2026-01-01T10:00:00Z e1 (passed)",
                        "lead->mql 2026-01-01T10:00:00Z e1",
                        "mql->nurture 2026-01-31T10:00:00Z (time)",
                        "nurture->mql 2026-02-15T08:00:00Z e2"),
                timedMoves(history));
        assertEquals(Optional.of(at("2026-03-17T08:00:00Z")), history.nextCheck());
    }

    @Test
    void replay_whenATimeRuleJumps_passesThroughAndChains() {
        LeadEvent known =
                event("e1", "2026-05-04T12:00:00Z", "form_submitted", "deal_stage", "closedwon");

        LeadHistory history = WEEKLY.replay(LEAD, List.of(known), at("2026-06-01T00:00:00Z"));

        assertEquals(
                List.of(
                        "none->lead 2026-05-04T12:00:00Z e1",
                        "lead->mql 2026-05-11T12:00:00Z (time) (passed)",
                        "mql->sal 2026-05-11T12:00:00Z (time) (passed)",
                        "sal->sql 2026-05-11T12:00:00Z (time)",
                        "sql->won 2026-05-11T12:00:00Z (time)"),
                timedMoves(history));
        assertEquals("closed", history.transitions().getLast().ruleId());
    }

    @Test
    void replay_whenATestIsNegated_holdsOnlyBeforeThatLong() {
        LeadEvent viewed = event("e2", "2026-05-05T12:00:00Z", "page_viewed");
        LeadEvent soon = event("e3", "2026-05-07T11:59:59Z", "demo_booked");
        LeadEvent tooLate = event("e3", "2026-05-07T12:00:00Z", "demo_booked");
        LeadEvent known = event("e1", "2026-05-04T12:00:00Z", "form_submitted");

        assertEquals(
                Optional.of("sal"),
                WEEKLY.replay(LEAD, List.of(known, viewed, soon)).stage());
        assertEquals(
                Optional.of("mql"),
                WEEKLY.replay(LEAD, List.of(known, viewed, tooLate)).stage());
    }

    /**
     * At the instant itself the time test is true for the event too, so both rules hold and the
     * spec's ranking decides: a detour ranks after every success stage.
     */
    @Test
    void replay_whenTheEventComesAtTheInstant_theTimeTestHoldsForItAndRankingDecides() {
        LeadEvent accepted = event("e2", "2026-01-31T10:00:00Z", "sales_accepted");

        LeadHistory history =
                RECYCLE.replay(LEAD, List.of(ENTERS_MQL, accepted), at("2026-03-01T00:00:00Z"));

        assertEquals("mql->nurture 2026-01-31T10:00:00Z stale-mql e2", lastMove(history));
    }

    @Test
    void replay_whenTimeRulesLoop_stopsAfterTheCapAndLooksNoFurther() {
        LeadEvent known = event("e1", "2026-01-01T00:00:00Z", "form_submitted");

        LeadHistory history =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(10),
                        () ->
                                HOURLY_LOOP.replay(
                                        LEAD, List.of(known), at("2036-01-01T00:00:00Z")));

        assertEquals(1 + Engine.MAX_TIMED_MOVES, history.transitions().size());
        assertEquals(
                at("2026-01-01T00:00:00Z").plus(Duration.ofHours(Engine.MAX_TIMED_MOVES)),
                history.transitions().getLast().at());
        assertEquals(Optional.empty(), history.nextCheck());
    }

    @Test
    void replay_whenNoStageHasATimeRule_hasNoNextCheck() {
        LeadEvent accepted = event("e2", "2026-01-02T10:00:00Z", "sales_accepted");

        assertEquals(
                Optional.empty(),
                RECYCLE.replay(LEAD, List.of(ENTERS_MQL, accepted), at("2026-01-03T00:00:00Z"))
                        .nextCheck());
    }

    @Test
    void nextRules_whenTimeIsGiven_showsHowLongTheLeadHasBeenThere() {
        StageTime time =
                new StageTime("MQL", at("2026-01-01T10:00:00Z"), at("2026-01-11T10:00:00Z"));

        Engine.RuleCheck stale =
                RECYCLE.nextRules(Optional.of("mql"), Map.of(), Optional.of(time)).stream()
                        .filter(check -> check.ruleId().equals("stale-mql"))
                        .findFirst()
                        .orElseThrow();

        assertEquals(
                new TestOutcome(
                        "in_stage_for 30 days",
                        "in MQL since 2026-01-01T10:00:00Z, 30 days not until"
                                + " 2026-01-31T10:00:00Z",
                        false),
                stale.tests().getFirst());
    }

    // helpers

    private static LeadEvent event(
            String id, String occurredAt, String type, Object... attributes) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            values.put((String) attributes[i], attributes[i + 1]);
        }
        return new LeadEvent(LEAD, id, at(occurredAt), type, values);
    }

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    private static BigDecimal number(String text) {
        return new BigDecimal(text);
    }

    /** Each transition as {@code from->to event}, {@code (time)} for a time rule's move. */
    private static List<String> moves(LeadHistory history) {
        return moves(history, false);
    }

    /** Each transition as {@code from->to at event}. */
    private static List<String> timedMoves(LeadHistory history) {
        return moves(history, true);
    }

    private static List<String> moves(LeadHistory history, boolean withInstant) {
        List<String> moves = new ArrayList<>();
        for (Transition t : history.transitions()) {
            moves.add(
                    t.from().orElse("none")
                            + "->"
                            + t.to()
                            + " "
                            + (withInstant ? t.at() + " " : "")
                            + t.eventId().orElse("(time)")
                            + (t.passedThrough() ? " (passed)" : ""));
        }
        return moves;
    }

    private static String lastMove(LeadHistory history) {
        Transition t = history.transitions().getLast();
        return t.from().orElse("none")
                + "->"
                + t.to()
                + " "
                + t.at()
                + " "
                + t.ruleId()
                + " "
                + t.eventId().orElse("(time)");
    }
}
