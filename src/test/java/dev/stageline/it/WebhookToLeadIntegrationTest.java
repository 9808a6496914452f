package dev.stageline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import dev.stageline.testing.TestStack;
import dev.stageline.testing.TestStack.Answer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * Webhook to stored event to stream to transitions to lead API, over HTTP against DynamoDB (moto),
 * with the default model. Expected stages and rules are read off models/default.yaml.
 */
class WebhookToLeadIntegrationTest {

    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("models/default.yaml");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static String event(String id, String type, String at, String lead, String fields) {
        return """
                {"id": "%s", "type": "%s", "occurredAt": "%s", "lead": {"id": "%s"%s}}"""
                .formatted(id, type, at, lead, fields.isEmpty() ? "" : ", " + fields);
    }

    private static List<String> stages(JsonNode lead) {
        List<String> stages = new ArrayList<>();
        lead.path("transitions")
                .forEach(
                        t ->
                                stages.add(
                                        (t.path("from").isNull() ? "null" : t.path("from").asText())
                                                + ">"
                                                + t.path("to").asText()));
        return stages;
    }

    @Test
    void webhook_whenEventsArrive_leadMovesAndExplainsWhy() {
        Answer first =
                stack.webhook(
                        "web",
                        event(
                                "e1",
                                "form_submitted",
                                "2026-11-02T09:15:00Z",
                                "A-1",
                                "\"score\": 20, \"country\": \"DE\""),
                        "msg_a1");
        assertEquals(200, first.status());
        assertEquals(1, first.body().path("stored").asInt());
        stack.drain();

        JsonNode lead = stack.get("/leads/web:A-1").body();
        assertEquals("lead", lead.path("stage").asText());
        assertEquals(List.of("null>lead"), stages(lead));
        JsonNode entry = lead.path("transitions").get(0);
        assertEquals("known-lead", entry.path("rule").asText());
        assertEquals(
                "event in [form_submitted, contact_created]",
                entry.path("explanation").get(0).path("test").asText());
        assertEquals("form_submitted", entry.path("explanation").get(0).path("seen").asText());

        stack.webhook(
                "web",
                event("e2", "page_viewed", "2026-11-03T14:02:00Z", "A-1", "\"score\": 65"),
                "msg_a2");
        stack.drain();

        lead = stack.get("/leads/web:A-1").body();
        assertEquals("mql", lead.path("stage").asText());
        JsonNode toMql = lead.path("transitions").get(1);
        assertEquals("mql-by-score", toMql.path("rule").asText());
        assertEquals("2026-11-03T14:02:00Z", toMql.path("at").asText());
        assertEquals("score gte 50", toMql.path("explanation").get(0).path("test").asText());
        assertEquals("65", toMql.path("explanation").get(0).path("seen").asText());
        assertTrue(toMql.path("explanation").get(0).path("held").asBoolean());
        assertEquals("DE", lead.path("attributes").path("country").asText());
        assertEquals(65, lead.path("attributes").path("score").asInt());

        List<String> next = new ArrayList<>();
        lead.path("nextRules")
                .forEach(r -> next.add(r.path("rule").asText() + ">" + r.path("to").asText()));
        assertEquals(
                List.of(
                        "sales-accepted>sal",
                        "sales-qualified>sql",
                        "opportunity-created>opportunity",
                        "deal-won>won",
                        "recycle>recycled",
                        "disqualify>disqualified"),
                next);
        JsonNode qualified = lead.path("nextRules").get(1);
        assertEquals(false, qualified.path("holdsNow").asBoolean());
        assertEquals(
                "lead_status in [qualified, sales qualified]",
                qualified.path("tests").get(0).path("test").asText());
        assertEquals("(absent)", qualified.path("tests").get(0).path("seen").asText());
    }

    @Test
    void webhook_whenDeliveredTwice_secondIsDuplicateAndChangesNothing() {
        String body = event("d1", "form_submitted", "2026-11-02T10:00:00Z", "D-1", "\"score\": 90");
        Answer first = stack.webhook("web", body, "msg_d1");
        Answer retry = stack.webhook("web", body, "msg_d1");
        Answer resent = stack.webhook("web", body, "msg_d1_resent");
        stack.drain();

        assertEquals(1, first.body().path("stored").asInt());
        assertEquals(0, retry.body().path("stored").asInt());
        assertEquals(1, retry.body().path("duplicates").asInt());
        assertEquals("duplicate", retry.body().path("events").get(0).path("status").asText());
        assertEquals(1, resent.body().path("duplicates").asInt());
        JsonNode lead = stack.get("/leads/web:D-1").body();
        assertEquals(1, lead.path("events").asInt());
        assertEquals(List.of("null>lead", "lead>mql"), stages(lead));
    }

    @Test
    void webhook_whenAnEventIdComesBackWithOtherContent_saysConflictAndKeepsTheFirst() {
        Answer first =
                stack.webhook(
                        "web",
                        event(
                                "c1",
                                "form_submitted",
                                "2026-11-02T10:00:00Z",
                                "C-1",
                                "\"score\": 10"),
                        "msg_c1");
        Answer changed =
                stack.webhook(
                        "web",
                        event(
                                "c1",
                                "form_submitted",
                                "2026-11-02T10:00:00Z",
                                "C-1",
                                "\"score\": 99"),
                        "msg_c1b");
        stack.drain();

        assertEquals(0, first.body().path("conflicts").asInt());
        assertEquals(1, changed.body().path("conflicts").asInt());
        assertEquals("conflict", changed.body().path("events").get(0).path("status").asText());
        JsonNode lead = stack.get("/leads/web:C-1").body();
        assertEquals(10, lead.path("attributes").path("score").asInt());
        assertEquals("lead", lead.path("stage").asText());
    }

    @Test
    void webhook_whenEventsArriveOutOfOrder_historyIsAsIfInOrder() {
        String contact =
                event("o1", "contact_created", "2026-11-04T08:00:00Z", "O-1", "\"score\": 10");
        String form = event("o2", "form_submitted", "2026-11-05T12:00:00Z", "O-1", "\"score\": 70");
        String accepted = event("o3", "sales_accepted", "2026-11-06T10:30:00Z", "O-1", "");

        stack.webhook("web", accepted, "msg_o3");
        stack.drain();
        JsonNode early = stack.get("/leads/web:O-1").body();
        assertEquals(List.of("null>lead", "lead>mql", "mql>sal"), stages(early));
        assertTrue(early.path("transitions").get(0).path("passedThrough").asBoolean());

        stack.webhook("web", "[" + form + "," + contact + "]", "msg_o12");
        stack.drain();
        JsonNode lead = stack.get("/leads/web:O-1").body();

        assertEquals(List.of("null>lead", "lead>mql", "mql>sal"), stages(lead));
        List<String> at = new ArrayList<>();
        List<Boolean> passed = new ArrayList<>();
        lead.path("transitions")
                .forEach(
                        t -> {
                            at.add(t.path("at").asText());
                            passed.add(t.path("passedThrough").asBoolean());
                        });
        assertEquals(
                List.of("2026-11-04T08:00:00Z", "2026-11-05T12:00:00Z", "2026-11-06T10:30:00Z"),
                at);
        assertEquals(List.of(false, false, false), passed);
        assertEquals("sal", lead.path("stage").asText());
    }

    @Test
    void webhook_whenANumberIsAtTheEdgeOfWhatTheStoreHolds_storesAndAggregatesIt() {
        Answer stored =
                stack.webhook(
                        "web",
                        event(
                                "n1",
                                "form_submitted",
                                "2026-11-02T10:00:00Z",
                                "N-1",
                                "\"score\": 1E38"),
                        "msg_n1");
        stack.drain();

        Answer aggregated = stack.post("/admin/aggregate", "{\"granularities\": [\"month\"]}");

        assertEquals(200, stored.status());
        assertEquals(200, aggregated.status(), aggregated.text());
        assertEquals(
                0,
                new java.math.BigDecimal("1E38")
                        .compareTo(
                                stack.get("/leads/web:N-1")
                                        .body()
                                        .path("attributes")
                                        .path("score")
                                        .decimalValue()));
    }

    @Test
    void leads_whenUnknown_is404WithJsonError() {
        Answer answer = stack.get("/leads/web:nobody");

        assertEquals(404, answer.status());
        assertEquals("unknown_lead", answer.body().path("error").asText());
    }
}
