package dev.stageline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stageline.model.ModelLoader;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine against spec/lifecycle.md, "Applying an event" and "Skipped stages", and the design
 * note of {@link Engine}. Expected histories are written out by hand from the spec; most tests
 * compare each transition as one line, {@code from->to at rule event}, marked {@code (passed)} when
 * passed through, and the tests about explanations compare whole {@link Transition}s.
 */
class EngineTest {

    private static final String LEAD = "web:L-1";

    /**
     * Success path lead, mql, sal, sql, won (terminal); detours recycled, lost and disqualified
     * (terminal). Every rule without {@code from} is listed in path order except {@code lose},
     * whose target is a detour.
     */
    private static final String FUNNEL =
            """
            name: funnel
            skippedStages: pass_through
            attributes: [score, lead_status]
            stages:
              - {id: lead, kind: success}
              - {id: mql, kind: success}
              - {id: sal, kind: success}
              - {id: sql, kind: success}
              - {id: won, kind: success, terminal: true}
              - {id: recycled, kind: detour}
              - {id: lost, kind: detour}
              - {id: disqualified, kind: detour, terminal: true}
            rules:
              - id: known
                to: lead
                when: {event: form_submitted}
              - id: scored
                to: mql
                when:
                  any:
                    - {field: score, gte: 50}
                    - {event: demo_requested}
              - id: accepted
                to: sal
                when: {event: sales_accepted}
              - id: qualified
                to: sql
                when: {field: lead_status, eq: qualified}
              - id: closed
                to: won
                when: {event: deal_won}
              - id: reopen
                to: sql
                from: [won]
                when: {event: deal_reopened}
              - id: lose
                to: lost
                when: {event: deal_lost}
              - id: recycle
                to: recycled
                from: [mql, sal, sql]
                when: {field: lead_status, eq: recycled}
              - id: back
                to: mql
                from: [recycled]
                when:
                  all:
                    - {event: form_submitted}
                    - {field: score, gte: 50}
              - id: disqualify
                to: disqualified
                from: [lead, mql, sal, sql, recycled]
                when: {field: lead_status, eq: disqualified}
            """;

    private static final Engine PASS_THROUGH = engine(FUNNEL);
    private static final Engine STRICT =
            engine(FUNNEL.replace("skippedStages: pass_through", "skippedStages: strict"));

    /** Two rules that point at each other: every ping moves a lead to hold and back. */
    private static final Engine PING_PONG =
            engine(
                    """
            name: ping-pong
            attributes: []
            stages:
              - {id: lead, kind: success}
              - {id: hold, kind: detour}
            rules:
              - {id: known, to: lead, when: {event: form_submitted}}
              - {id: park, to: hold, from: [lead], when: {event: ping}}
              - {id: unpark, to: lead, from: [hold], when: {event: ping}}
            """);

    private static final List<TestOutcome> FORM_SUBMITTED =
            List.of(new TestOutcome("event in [form_submitted]", "form_submitted", true));
    private static final List<TestOutcome> SALES_ACCEPTED =
            List.of(new TestOutcome("event in [sales_accepted]", "sales_accepted", true));
    private static final List<TestOutcome> QUALIFIED =
            List.of(new TestOutcome("lead_status eq qualified", "qualified", true));

    // first event, moving along the path

    @Test
    void replay_whenFirstEvent_entersFromNoStage() {
        LeadHistory history =
                PASS_THROUGH.replay(
                        LEAD,
                        List.of(
                                event(
                                        "e1",
                                        "2026-03-02T09:00:00Z",
                                        "form_submitted",
                                        "score",
                                        number("20"))));

        assertEquals(
                List.of(
                        first(
                                "lead",
                                "2026-03-02T09:00:00Z",
                                "known",
                                "e1",
                                false,
                                FORM_SUBMITTED)),
                history.transitions());
        assertEquals(Optional.of("lead"), history.stage());
        assertEquals(LEAD, history.leadKey());
    }

    @Test
    void replay_whenNoRuleMatches_hasNoStageAndNoTransitions() {
        LeadHistory history =
                PASS_THROUGH.replay(
                        LEAD,
                        List.of(
                                event(
                                        "e1",
                                        "2026-03-02T09:00:00Z",
                                        "page_viewed",
                                        "score",
                                        number("20"))));

        assertEquals(List.of(), history.transitions());
        assertEquals(Optional.empty(), history.stage());
    }

    @Test
    void replay_whenEventsFollowThePath_movesOneStageAtEachEvent() {
        LeadHistory history =
                PASS_THROUGH.replay(
                        LEAD,
                        List.of(
                                event(
                                        "e1",
                                        "2026-03-02T09:00:00Z",
                                        "form_submitted",
                                        "score",
                                        number("20")),
                                event(
                                        "e2",
                                        "2026-03-03T09:00:00Z",
                                        "field_changed",
                                        "score",
                                        number("70")),
                                event("e3", "2026-03-04T09:00:00Z", "sales_accepted"),
                                event(
                                        "e4",
                                        "2026-03-05T09:00:00Z",
                                        "field_changed",
                                        "lead_status",
                                        "qualified"),
                                event("e5", "2026-03-06T09:00:00Z", "deal_won")));

        assertEquals(
                List.of(
                        "none->lead 2026-03-02T09:00:00Z known e1",
                        "lead->mql 2026-03-03T09:00:00Z scored e2",
                        "mql->sal 2026-03-04T09:00:00Z accepted e3",
                        "sal->sql 2026-03-05T09:00:00Z qualified e4",
                        "sql->won 2026-03-06T09:00:00Z closed e5"),
                moves(history));
        assertEquals(Optional.of("won"), history.stage());
    }

    // several rules matching

    @Test
    void replay_whenSeveralSuccessTargetsMatch_takesTheOneFurthestAlongThePath() {
        // The rules are listed furthest target first, so the rule order cannot decide.
        Engine engine =
                engine(
                        """
                name: ranking
                skippedStages: strict
                attributes: []
                stages:
                  - {id: lead, kind: success}
                  - {id: mql, kind: success}
                  - {id: sal, kind: success}
                rules:
                  - {id: to-sal, to: sal, when: {event: form_submitted}}
                  - {id: to-lead, to: lead, when: {event: form_submitted}}
                  - {id: to-mql, to: mql, when: {event: form_submitted}}
                """);

        LeadHistory history =
                engine.replay(LEAD, List.of(event("e1", "2026-03-02T09:00:00Z", "form_submitted")));

        assertEquals(List.of("none->sal 2026-03-02T09:00:00Z to-sal e1"), moves(history));
    }

    @Test
    void replay_whenSeveralDetourTargetsMatch_takesTheStageLaterInTheFile() {
        // lost is listed after nurture among the stages but its rule comes first.
        Engine engine =
                engine(
                        """
                name: detours
                attributes: []
                stages:
                  - {id: lead, kind: success}
                  - {id: nurture, kind: detour}
                  - {id: lost, kind: detour}
                rules:
                  - {id: known, to: lead, when: {event: form_submitted}}
                  - {id: to-lost, to: lost, from: [lead], when: {event: went_cold}}
                  - {id: to-nurture, to: nurture, from: [lead], when: {event: went_cold}}
                """);

        LeadHistory history =
                engine.replay(
                        LEAD,
                        List.of(
                                event("e1", "2026-03-02T09:00:00Z", "form_submitted"),
                                event("e2", "2026-03-03T09:00:00Z", "went_cold")));

        assertEquals(
                List.of(
                        "none->lead 2026-03-02T09:00:00Z known e1",
                        "lead->lost 2026-03-03T09:00:00Z to-lost e2"),
                moves(history));
    }

    // skipped stages

    @Test
    void replay_whenPassThroughJumpFromNoStage_recordsEachSkippedStageAtTheSameInstant() {
        String t1 = "2026-03-02T09:00:00Z";

        LeadHistory history = PASS_THROUGH.replay(LEAD, List.of(event("e1", t1, "sales_accepted")));

        assertEquals(
                List.of(
                        first("lead", t1, "accepted", "e1", true, SALES_ACCEPTED),
                        move("lead", "mql", t1, "accepted", "e1", true, SALES_ACCEPTED),
                        move("mql", "sal", t1, "accepted", "e1", false, SALES_ACCEPTED)),
                history.transitions());
        assertEquals(Optional.of("sal"), history.stage());
    }

    @Test
    void replay_whenPassThroughJumpFromMidStage_recordsOnlyTheStagesBetween() {
        String t1 = "2026-03-02T09:00:00Z";
        String t2 = "2026-03-03T09:00:00Z";

        LeadHistory history =
                PASS_THROUGH.replay(
                        LEAD,
                        List.of(
                                event("e1", t1, "form_submitted"),
                                event("e2", t2, "field_changed", "lead_status", "qualified")));

        assertEquals(
                List.of(
                        first("lead", t1, "known", "e1", false, FORM_SUBMITTED),
                        move("lead", "mql", t2, "qualified", "e2", true, QUALIFIED),
                        move("mql", "sal", t2, "qualified", "e2", true, QUALIFIED),
                        move("sal", "sql", t2, "qualified", "e2", false, QUALIFIED)),
                history.transitions());
    }

    @Test
    void replay_whenStrictJumpFromNoStage_recordsOnlyTheTarget() {
        LeadHistory history =
                STRICT.replay(LEAD, List.of(event("e1", "2026-03-02T09:00:00Z", "sales_accepted")));

        assertEquals(
                List.of(
                        first(
                                "sal",
                                "2026-03-02T09:00:00Z",
                                "accepted",
                                "e1",
                                false,
                                SALES_ACCEPTED)),
                history.transitions());
    }

    @Test
    void replay_whenStrictJumpFromMidStage_recordsOnlyTheTarget() {
        LeadHistory history =
                STRICT.replay(
                        LEAD,
                        List.of(
                                event("e1", "2026-03-02T09:00:00Z", "form_submitted"),
                                event(
                                        "e2",
                                        "2026-03-03T09:00:00Z",
                                        "field_changed",
                                        "lead_status",
                                        "qualified")));

        assertEquals(
                List.of(
                        "none->lead 2026-03-02T09:00:00Z known e1",
                        "lead->sql 2026-03-03T09:00:00Z qualified e2"),
                moves(history));
    }

    @Test
    void replay_whenBackToThePathFromADetour_passesThroughNothing() {
        LeadHistory history =
                PASS_THROUGH.replay(
                        LEAD,
                        List.of(
                                event("e1", "2026-03-02T09:00:00Z", "demo_requested"),
                                event(
                                        "e2",
                                        "2026-03-03T09:00:00Z",
                                        "field_changed",
                                        "lead_status",
                                        "recycled"),
                                event(
                                        "e3",
                                        "2026-03-04T09:00:00Z",
                                        "form_submitted",
                                        "score",
                                        number("60"),
                                        "lead_status",
                                        "open")));

        assertEquals(
                List.of(
                        "none->lead 2026-03-02T09:00:00Z scored e1 (passed)",
                        "lead->mql 2026-03-02T09:00:00Z scored e1",
                        "mql->recycled 2026-03-03T09:00:00Z recycle e2",
                        "recycled->mql 2026-03-04T09:00:00Z back e3"),
                moves(history));
    }

    // direction, detours and terminal stages

    @Test
    void replay_whenRuleWithoutFromTargetsAnEarlierStage_doesNotMoveBackwards() {
        LeadHistory history =
                PASS_THROUGH.replay(
                        LEAD,
                        List.of(
                                event("e1", "2026-03-02T09:00:00Z", "sales_accepted"),
                                // known (to lead) and scored (to mql) both hold, and both lie
                                // behind sal.
                                event(
                                        "e2",
                                        "2026-03-03T09:00:00Z",
                                        "form_submitted",
                                        "score",
                                        number("90"))));

        assertEquals(
                List.of(
                        "none->lead 2026-03-02T09:00:00Z accepted e1 (passed)",
                        "lead->mql 2026-03-02T09:00:00Z accepted e1 (passed)",
                        "mql->sal 2026-03-02T09:00:00Z accepted e1"),
                moves(history));
        assertEquals(Optional.of("sal"), history.stage());
    }

    @Test
    void replay_whenRuleFromNamesALaterStage_movesBackwards() {
        LeadHistory history =
                PASS_THROUGH.replay(
                        LEAD,
                        List.of(
                                event("e1", "2026-03-02T09:00:00Z", "deal_won"),
                                event("e2", "2026-03-03T09:00:00Z", "deal_reopened")));

        assertEquals(
                List.of(
                        "none->lead 2026-03-02T09:00:00Z closed e1 (passed)",
                        "lead->mql 2026-03-02T09:00:00Z closed e1 (passed)",
                        "mql->sal 2026-03-02T09:00:00Z closed e1 (passed)",
                        "sal->sql 2026-03-02T09:00:00Z closed e1 (passed)",
                        "sql->won 2026-03-02T09:00:00Z closed e1",
                        "won->sql 2026-03-03T09:00:00Z reopen e2"),
                moves(history));
        assertEquals(Optional.of("sql"), history.stage());
    }

    @Test
    void replay_whenDetourRuleFromDoesNotNameTheStage_staysInTheStage() {
        LeadHistory history =
                PASS_THROUGH.replay(
                        LEAD,
                        List.of(
                                event("e1", "2026-03-02T09:00:00Z", "form_submitted"),
                                // recycle leaves only mql, sal and sql.
                                event(
                                        "e2",
                                        "2026-03-03T09:00:00Z",
                                        "field_changed",
                                        "lead_status",
                                        "recycled")));

        assertEquals(List.of("none->lead 2026-03-02T09:00:00Z known e1"), moves(history));
    }

    @Test
    void replay_whenInADetour_isMovedOnlyByARuleWhoseFromNamesIt() {
        LeadHistory history =
                PASS_THROUGH.replay(
                        LEAD,
                        List.of(
                                event("e1", "2026-03-02T09:00:00Z", "demo_requested"),
                                event(
                                        "e2",
                                        "2026-03-03T09:00:00Z",
                                        "field_changed",
                                        "lead_status",
                                        "recycled"),
                                // accepted and qualified have no from, so they cannot leave
                                // recycled.
                                event("e3", "2026-03-04T09:00:00Z", "sales_accepted"),
                                event(
                                        "e4",
                                        "2026-03-05T09:00:00Z",
                                        "field_changed",
                                        "lead_status",
                                        "qualified"),
                                // back names recycled in its from.
                                event(
                                        "e5",
                                        "2026-03-06T09:00:00Z",
                                        "form_submitted",
                                        "score",
                                        number("75"),
                                        "lead_status",
                                        "working")));

        assertEquals(
                List.of(
                        "none->lead 2026-03-02T09:00:00Z scored e1 (passed)",
                        "lead->mql 2026-03-02T09:00:00Z scored e1",
                        "mql->recycled 2026-03-03T09:00:00Z recycle e2",
                        "recycled->mql 2026-03-06T09:00:00Z back e5"),
                moves(history));
    }

    @Test
    void replay_whenTheNewStageLetsAnotherRuleFire_movesAgainOnTheSameEvent() {
        LeadHistory history =
                PASS_THROUGH.replay(
                        LEAD,
                        List.of(
                                event("e1", "2026-03-02T09:00:00Z", "demo_requested"),
                                event(
                                        "e2",
                                        "2026-03-03T09:00:00Z",
                                        "field_changed",
                                        "lead_status",
                                        "recycled"),
                                event(
                                        "e3",
                                        "2026-03-04T09:00:00Z",
                                        "field_changed",
                                        "lead_status",
                                        "qualified"),
                                // back leads to mql; from there qualified holds, which could not
                                // leave recycled.
                                event(
                                        "e4",
                                        "2026-03-05T09:00:00Z",
                                        "form_submitted",
                                        "score",
                                        number("75"))));

        assertEquals(
                List.of(
                        "none->lead 2026-03-02T09:00:00Z scored e1 (passed)",
                        "lead->mql 2026-03-02T09:00:00Z scored e1",
                        "mql->recycled 2026-03-03T09:00:00Z recycle e2",
                        "recycled->mql 2026-03-05T09:00:00Z back e4",
                        "mql->sal 2026-03-05T09:00:00Z qualified e4 (passed)",
                        "sal->sql 2026-03-05T09:00:00Z qualified e4"),
                moves(history));
    }

    @Test
    void replay_whenDetourRuleWithoutFromHolds_leavesANonTerminalSuccessStage() {
        LeadHistory history =
                PASS_THROUGH.replay(
                        LEAD,
                        List.of(
                                event("e1", "2026-03-02T09:00:00Z", "form_submitted"),
                                event("e2", "2026-03-03T09:00:00Z", "deal_lost")));

        assertEquals(
                List.of(
                        "none->lead 2026-03-02T09:00:00Z known e1",
                        "lead->lost 2026-03-03T09:00:00Z lose e2"),
                moves(history));
    }

    @Test
    void replay_whenInATerminalStage_isNotMovedByARuleWithoutFrom() {
        LeadHistory history =
                PASS_THROUGH.replay(
                        LEAD,
                        List.of(
                                event("e1", "2026-03-02T09:00:00Z", "deal_won"),
                                // lose has no from; from a stage that is not terminal it would move
                                // the lead.
                                event("e2", "2026-03-03T09:00:00Z", "deal_lost")));

        assertEquals(
                List.of(
                        "none->lead 2026-03-02T09:00:00Z closed e1 (passed)",
                        "lead->mql 2026-03-02T09:00:00Z closed e1 (passed)",
                        "mql->sal 2026-03-02T09:00:00Z closed e1 (passed)",
                        "sal->sql 2026-03-02T09:00:00Z closed e1 (passed)",
                        "sql->won 2026-03-02T09:00:00Z closed e1"),
                moves(history));
        assertEquals(Optional.of("won"), history.stage());
    }

    @Test
    void replay_whenDisqualified_staysWhateverHolds() {
        LeadHistory history =
                PASS_THROUGH.replay(
                        LEAD,
                        List.of(
                                event("e1", "2026-03-02T09:00:00Z", "form_submitted"),
                                event(
                                        "e2",
                                        "2026-03-03T09:00:00Z",
                                        "field_changed",
                                        "lead_status",
                                        "disqualified"),
                                event(
                                        "e3",
                                        "2026-03-04T09:00:00Z",
                                        "deal_won",
                                        "lead_status",
                                        "qualified",
                                        "score",
                                        number("99"))));

        assertEquals(
                List.of(
                        "none->lead 2026-03-02T09:00:00Z known e1",
                        "lead->disqualified 2026-03-03T09:00:00Z disqualify e2"),
                moves(history));
        assertEquals(Optional.of("disqualified"), history.stage());
    }

    @Test
    void replay_whenTwoRulesPointAtEachOther_entersEachStageOnceAndStops() {
        List<LeadEvent> events =
                List.of(
                        event("e1", "2026-03-02T09:00:00Z", "form_submitted"),
                        event("e2", "2026-03-03T09:00:00Z", "ping"));

        LeadHistory history =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(5), () -> PING_PONG.replay(LEAD, events));

        // Design note: a stage is entered at most once per event. e2 enters hold, then lead;
        // entering hold again is what stops the walk.
        assertEquals(
                List.of(
                        "none->lead 2026-03-02T09:00:00Z known e1",
                        "lead->hold 2026-03-03T09:00:00Z park e2",
                        "hold->lead 2026-03-03T09:00:00Z unpark e2"),
                moves(history));
        assertEquals(Optional.of("lead"), history.stage());
    }

    // explanations

    @Test
    void replay_whenRuleHeldThroughOneBranchOfAny_explainsEveryTestWithTheValueSeen() {
        String t1 = "2026-03-02T09:00:00Z";
        List<TestOutcome> scored =
                List.of(
                        new TestOutcome("score gte 50", "70", true),
                        new TestOutcome("event in [demo_requested]", "form_submitted", false));

        LeadHistory history =
                PASS_THROUGH.replay(
                        LEAD, List.of(event("e1", t1, "form_submitted", "score", number("70"))));

        // known (to lead) holds too, but scored goes further; lead is passed through by scored.
        assertEquals(
                List.of(
                        first("lead", t1, "scored", "e1", true, scored),
                        move("lead", "mql", t1, "scored", "e1", false, scored)),
                history.transitions());
    }

    @Test
    void replay_whenRuleHasAllOfTwoTests_explainsBothWithTheValuesSeen() {
        LeadHistory history =
                PASS_THROUGH.replay(
                        LEAD,
                        List.of(
                                event("e1", "2026-03-02T09:00:00Z", "demo_requested"),
                                event(
                                        "e2",
                                        "2026-03-03T09:00:00Z",
                                        "field_changed",
                                        "lead_status",
                                        "recycled"),
                                event(
                                        "e3",
                                        "2026-03-04T09:00:00Z",
                                        "form_submitted",
                                        "score",
                                        number("64.5"),
                                        "lead_status",
                                        "open")));

        assertEquals(
                move(
                        "recycled",
                        "mql",
                        "2026-03-04T09:00:00Z",
                        "back",
                        "e3",
                        false,
                        List.of(
                                new TestOutcome(
                                        "event in [form_submitted]", "form_submitted", true),
                                new TestOutcome("score gte 50", "64.5", true))),
                history.transitions().get(3));
    }

    // order, duplicates and late events

    /** One lead's five events in order, and the history spec/lifecycle.md gives them. */
    private static final List<LeadEvent> FIVE_EVENTS =
            List.of(
                    event("e1", "2026-03-02T09:00:00Z", "form_submitted", "score", number("20")),
                    event("e2", "2026-03-03T09:00:00Z", "field_changed", "score", number("70")),
                    event("e3", "2026-03-04T09:00:00Z", "sales_accepted"),
                    event("e4", "2026-03-05T09:00:00Z", "field_changed", "lead_status", "recycled"),
                    event(
                            "e5",
                            "2026-03-06T09:00:00Z",
                            "form_submitted",
                            "score",
                            number("80"),
                            "lead_status",
                            "open"));

    private static final List<String> FIVE_EVENTS_HISTORY =
            List.of(
                    "none->lead 2026-03-02T09:00:00Z known e1",
                    "lead->mql 2026-03-03T09:00:00Z scored e2",
                    "mql->sal 2026-03-04T09:00:00Z accepted e3",
                    "sal->recycled 2026-03-05T09:00:00Z recycle e4",
                    "recycled->mql 2026-03-06T09:00:00Z back e5");

    @Test
    void replay_whenEventsInOrder_givesTheExpectedHistory() {
        LeadHistory history = PASS_THROUGH.replay(LEAD, FIVE_EVENTS);

        assertEquals(FIVE_EVENTS_HISTORY, moves(history));
        assertEquals(Optional.of("mql"), history.stage());
        assertEquals(Map.of("score", number("80"), "lead_status", "open"), history.attributes());
    }

    @Test
    void replay_whenEventsInAnyOrder_givesTheSameHistory() {
        LeadHistory inOrder = PASS_THROUGH.replay(LEAD, FIVE_EVENTS);
        List<List<LeadEvent>> orders = permutations(FIVE_EVENTS);

        assertEquals(120, orders.size());
        for (List<LeadEvent> order : orders) {
            LeadHistory history = PASS_THROUGH.replay(LEAD, order);

            assertEquals(FIVE_EVENTS_HISTORY, moves(history), () -> "order " + ids(order));
            assertEquals(inOrder, history, () -> "order " + ids(order));
        }
    }

    @Test
    void replay_whenEventsDeliveredTwiceInAnyOrder_givesTheSameHistory() {
        LeadHistory inOrder = PASS_THROUGH.replay(LEAD, FIVE_EVENTS);

        for (List<LeadEvent> order : permutations(FIVE_EVENTS)) {
            List<LeadEvent> twice = new ArrayList<>(order);
            twice.addAll(order.reversed());
            LeadHistory history = PASS_THROUGH.replay(LEAD, twice);

            assertEquals(FIVE_EVENTS_HISTORY, moves(history), () -> "order " + ids(twice));
            assertEquals(inOrder, history, () -> "order " + ids(twice));
        }
    }

    @Test
    void replay_whenOneEventDeliveredManyTimes_recordsItsTransitionsOnce() {
        LeadEvent accepted = event("e1", "2026-03-02T09:00:00Z", "sales_accepted");

        LeadHistory history = PASS_THROUGH.replay(LEAD, List.of(accepted, accepted, accepted));

        assertEquals(
                List.of(
                        "none->lead 2026-03-02T09:00:00Z accepted e1 (passed)",
                        "lead->mql 2026-03-02T09:00:00Z accepted e1 (passed)",
                        "mql->sal 2026-03-02T09:00:00Z accepted e1"),
                moves(history));
    }

    @Test
    void replay_whenAnEventThatMovesTheLeadEveryTimeIsDeliveredTwice_appliesItOnce() {
        LeadEvent known = event("e1", "2026-03-02T09:00:00Z", "form_submitted");
        LeadEvent ping = event("e2", "2026-03-03T09:00:00Z", "ping");

        LeadHistory history =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(5),
                        () -> PING_PONG.replay(LEAD, List.of(known, ping, ping, known)));

        assertEquals(
                List.of(
                        "none->lead 2026-03-02T09:00:00Z known e1",
                        "lead->hold 2026-03-03T09:00:00Z park e2",
                        "hold->lead 2026-03-03T09:00:00Z unpark e2"),
                moves(history));
    }

    @Test
    void replay_whenTwoEventsShareAnInstant_appliesTheSmallerEventIdFirst() {
        String tie = "2026-03-03T09:00:00Z";
        LeadEvent e0 = event("e0", "2026-03-02T09:00:00Z", "demo_requested");
        // Accepted before recycling: mql -> sal -> recycled.
        LeadEvent acceptA = event("a-accept", tie, "sales_accepted");
        LeadEvent recycleB = event("b-recycle", tie, "field_changed", "lead_status", "recycled");
        // Recycled before accepting: accepted cannot leave recycled, which is a detour.
        LeadEvent recycleA = event("a-recycle", tie, "field_changed", "lead_status", "recycled");
        LeadEvent acceptB = event("b-accept", tie, "sales_accepted");

        List<String> acceptFirst =
                List.of(
                        "none->lead 2026-03-02T09:00:00Z scored e0 (passed)",
                        "lead->mql 2026-03-02T09:00:00Z scored e0",
                        "mql->sal 2026-03-03T09:00:00Z accepted a-accept",
                        "sal->recycled 2026-03-03T09:00:00Z recycle b-recycle");
        List<String> recycleFirst =
                List.of(
                        "none->lead 2026-03-02T09:00:00Z scored e0 (passed)",
                        "lead->mql 2026-03-02T09:00:00Z scored e0",
                        "mql->recycled 2026-03-03T09:00:00Z recycle a-recycle");
        assertEquals(acceptFirst, moves(replay(e0, acceptA, recycleB)));
        assertEquals(acceptFirst, moves(replay(recycleB, acceptA, e0)));
        assertEquals(recycleFirst, moves(replay(e0, acceptB, recycleA)));
        assertEquals(recycleFirst, moves(replay(acceptB, recycleA, e0)));
    }

    @Test
    void replay_whenALateEventArrives_givesTheHistoryOfTheEventsInOrder() {
        LeadEvent e1 = event("e1", "2026-03-02T09:00:00Z", "form_submitted");
        LeadEvent e3 = event("e3", "2026-03-04T09:00:00Z", "sales_accepted");
        LeadEvent late = event("e2", "2026-03-03T09:00:00Z", "demo_requested");

        LeadHistory before = PASS_THROUGH.replay(LEAD, List.of(e1, e3));
        LeadHistory after = PASS_THROUGH.replay(LEAD, List.of(e1, e3, late));

        assertEquals(
                List.of(
                        "none->lead 2026-03-02T09:00:00Z known e1",
                        "lead->mql 2026-03-04T09:00:00Z accepted e3 (passed)",
                        "mql->sal 2026-03-04T09:00:00Z accepted e3"),
                moves(before));
        assertEquals(
                List.of(
                        "none->lead 2026-03-02T09:00:00Z known e1",
                        "lead->mql 2026-03-03T09:00:00Z scored e2",
                        "mql->sal 2026-03-04T09:00:00Z accepted e3"),
                moves(after));
        assertEquals(PASS_THROUGH.replay(LEAD, List.of(e1, late, e3)), after);
    }

    // attributes

    @Test
    void replay_whenEventsSetAnAttributeOutOfOrder_keepsTheLatestEventsValue() {
        LeadEvent e1 =
                event(
                        "e1",
                        "2026-03-02T09:00:00Z",
                        "field_changed",
                        "score",
                        number("10"),
                        "lead_status",
                        "new");
        LeadEvent e2 =
                event("e2", "2026-03-03T09:00:00Z", "field_changed", "lead_status", "working");
        LeadEvent e3 = event("e3", "2026-03-04T09:00:00Z", "field_changed", "score", number("30"));

        LeadHistory history = PASS_THROUGH.replay(LEAD, List.of(e3, e2, e1));

        // e3 does not set lead_status, so e2's value stands; e1 is the earliest and loses both.
        assertEquals(Map.of("score", number("30"), "lead_status", "working"), history.attributes());
    }

    @Test
    void replay_whenEventsDeliveredOutOfOrder_conditionsSeeAttributesInTimeOrder() {
        // Applied as delivered, e2 would make the lead a lead at 03-03 and e1 an MQL after it.
        // In time order e1 makes it an MQL at 03-02, and e2's form cannot move it back.
        LeadHistory history =
                PASS_THROUGH.replay(
                        LEAD,
                        List.of(
                                event(
                                        "e2",
                                        "2026-03-03T09:00:00Z",
                                        "form_submitted",
                                        "score",
                                        number("20")),
                                event(
                                        "e1",
                                        "2026-03-02T09:00:00Z",
                                        "field_changed",
                                        "score",
                                        number("90"))));

        assertEquals(
                List.of(
                        "none->lead 2026-03-02T09:00:00Z scored e1 (passed)",
                        "lead->mql 2026-03-02T09:00:00Z scored e1"),
                moves(history));
        assertEquals(Map.of("score", number("20")), history.attributes());
    }

    // helpers

    private static Engine engine(String yaml) {
        return new Engine(ModelLoader.parse("models/engine-test.yaml", yaml));
    }

    /** An event of {@link #LEAD}; {@code attributes} are names each followed by its value. */
    private static LeadEvent event(
            String id, String occurredAt, String type, Object... attributes) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            values.put((String) attributes[i], attributes[i + 1]);
        }
        return new LeadEvent(LEAD, id, at(occurredAt), type, values);
    }

    private static LeadHistory replay(LeadEvent... events) {
        return PASS_THROUGH.replay(LEAD, List.of(events));
    }

    /** A lead's first transition, from no stage. */
    private static Transition first(
            String to,
            String at,
            String rule,
            String eventId,
            boolean passedThrough,
            List<TestOutcome> explanation) {
        return transition(Optional.empty(), to, at, rule, eventId, passedThrough, explanation);
    }

    private static Transition move(
            String from,
            String to,
            String at,
            String rule,
            String eventId,
            boolean passedThrough,
            List<TestOutcome> explanation) {
        return transition(Optional.of(from), to, at, rule, eventId, passedThrough, explanation);
    }

    private static Transition transition(
            Optional<String> from,
            String to,
            String at,
            String rule,
            String eventId,
            boolean passedThrough,
            List<TestOutcome> explanation) {
        return new Transition(
                LEAD, from, to, at(at), rule, Optional.of(eventId), passedThrough, explanation);
    }

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    private static BigDecimal number(String text) {
        return new BigDecimal(text);
    }

    /** Each transition as {@code from->to at rule event}, {@code (passed)} if passed through. */
    private static List<String> moves(LeadHistory history) {
        return history.transitions().stream()
                .map(
                        t ->
                                t.from().orElse("none")
                                        + "->"
                                        + t.to()
                                        + " "
                                        + t.at()
                                        + " "
                                        + t.ruleId()
                                        + " "
                                        + t.eventId().orElse("(time)")
                                        + (t.passedThrough() ? " (passed)" : ""))
                .toList();
    }

    private static List<String> ids(List<LeadEvent> events) {
        return events.stream().map(LeadEvent::eventId).toList();
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> order = new ArrayList<>();
                order.add(head);
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }
}
