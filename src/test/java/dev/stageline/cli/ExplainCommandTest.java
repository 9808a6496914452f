package dev.stageline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class ExplainCommandTest {

    @Test
    void render_whenLeadHasHistoryAndNextRules_listsEachTestWithWhatItSaw() throws Exception {
        String lead =
                """
                {"leadKey": "web:L-1", "stage": "mql", "stageName": "MQL", "model": "default", "events": 2,
                 "transitions": [
                   {"from": null, "to": "lead", "at": "2026-11-02T09:15:00Z", "rule": "known-lead",
                    "eventId": "e1", "passedThrough": false,
                    "explanation": [{"test": "event in [form_submitted]", "seen": "form_submitted", "held": true}]}],
                 "nextRules": [
                   {"rule": "sales-accepted", "to": "sal", "holdsNow": false,
                    "tests": [{"test": "event in [sales_accepted]", "seen": "(no event)", "held": false}]}]}
                """;

        String text = ExplainCommand.render(new ObjectMapper().readTree(lead));

        assertEquals(
                """
                web:L-1 is in MQL (model default, 2 events)

                How it got there:
                  2026-11-02T09:15:00Z  (none) -> lead  by rule known-lead on event e1
                      [x] event in [form_submitted]  (saw form_submitted)

                What could move it on:
                  rule sales-accepted -> sal
                      [ ] event in [sales_accepted]  (saw no event yet)
                """,
                text);
    }

    @Test
    void render_whenAskedForAMergedKey_namesTheCanonicalKeyAndTheOthers() throws Exception {
        String lead =
                """
                {"leadKey": "salesforce:003X", "requestedKey": "salesforce:00QX",
                 "mergedKeys": ["salesforce:00QX", "web:L-1"], "stage": null, "stageName": null,
                 "model": "default", "events": 0, "transitions": [], "nextRules": []}
                """;

        String text = ExplainCommand.render(new ObjectMapper().readTree(lead));

        assertEquals(
                """
                salesforce:003X is in no stage (model default, 0 events)
                  (asked for salesforce:00QX, which was merged into salesforce:003X)
                  also known as: salesforce:00QX, web:L-1

                How it got there:

                What could move it on:
                  nothing: no rule leaves this stage
                """,
                text);
    }

    @Test
    void render_whenATimeRuleMovedTheLead_saysTimePassedAndWhen() throws Exception {
        String lead =
                """
                {"leadKey": "web:L-2", "stage": "nurture", "stageName": "Nurture", "model": "recycle",
                 "events": 1,
                 "transitions": [
                   {"from": "mql", "to": "nurture", "at": "2026-01-31T10:00:00Z", "rule": "stale-mql",
                    "eventId": null, "passedThrough": false,
                    "explanation": [{"test": "in_stage_for 30 days",
                      "seen": "in MQL since 2026-01-01T10:00:00Z, 30 days by 2026-01-31T10:00:00Z",
                      "held": true}]}],
                 "nextRules": []}
                """;

        String text = ExplainCommand.render(new ObjectMapper().readTree(lead));

        assertEquals(
                """
                web:L-2 is in Nurture (model recycle, 1 events)

                How it got there:
                  2026-01-31T10:00:00Z  mql -> nurture  by rule stale-mql as time passed
                      [x] in_stage_for 30 days  (saw in MQL since 2026-01-01T10:00:00Z, 30 days by\
                 2026-01-31T10:00:00Z)

                What could move it on:
                  nothing: no rule leaves this stage
                """,
                text);
    }
}
