package dev.stageline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;

import dev.stageline.testing.TestStack;
import dev.stageline.testing.TestStack.Answer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

/**
 * The worked example of spec/metrics.md end to end: its four leads' events go in through the
 * webhook, the aggregation runs through the admin route, and the report API must answer with the
 * spec's January and February tables, figure by figure.
 */
class WorkedExampleIntegrationTest {

    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("src/test/resources/models/worked-example.yaml");
        String[][] events = {
            {"A", "lead", "2026-01-05"},
            {"A", "mql", "2026-01-10"},
            {"A", "sal", "2026-01-12"},
            {"A", "sql", "2026-02-03"},
            {"A", "won", "2026-03-01"},
            {"B", "mql", "2026-01-20"},
            {"B", "recycled", "2026-02-25"},
            {"C", "lead", "2026-01-28"},
            {"C", "sql", "2026-02-10"},
            {"D", "lead", "2026-02-02"},
            {"D", "mql", "2026-02-15"},
        };
        StringBuilder batch = new StringBuilder("[");
        for (String[] e : events) {
            batch.append(batch.length() > 1 ? "," : "")
                    .append(
                            """
                            {"id": "%s-%s", "type": "%s", "occurredAt": "%sT12:00:00Z", "lead": {"id": "%s"}}\
                            """
                                    .formatted(e[0], e[1], e[1], e[2], e[0]));
        }
        Answer stored = stack.webhook("web", batch.append("]").toString(), "msg_worked_example");
        assertEquals(11, stored.body().path("stored").asInt(), stored.body().toString());
        stack.drain();
        Answer aggregated = stack.post("/admin/aggregate", "{\"granularities\": [\"month\"]}");
        assertEquals(200, aggregated.status(), aggregated.body().toString());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static JsonNode month(String from, String to) {
        Answer report = stack.get("/reports/funnel?granularity=month&from=" + from + "&to=" + to);
        assertEquals(200, report.status(), report.body().toString());
        assertEquals(1, report.body().path("periods").size());
        return report.body().path("periods").get(0);
    }

    private static Map<String, Integer> counts(JsonNode period, String stage) {
        for (JsonNode figures : period.path("stages")) {
            if (figures.path("stage").asText().equals(stage)) {
                return Map.of(
                        "entered", figures.path("entered").asInt(),
                        "exited", figures.path("exited").asInt(),
                        "advanced", figures.path("advanced").asInt(),
                        "balance", figures.path("balance").asInt());
            }
        }
        throw new AssertionError("no stage " + stage + " in " + period);
    }

    private static JsonNode stage(JsonNode period, String stage) {
        for (JsonNode figures : period.path("stages")) {
            if (figures.path("stage").asText().equals(stage)) {
                return figures;
            }
        }
        throw new AssertionError("no stage " + stage + " in " + period);
    }

    private static Map<String, Integer> row(int entered, int exited, int advanced, int balance) {
        return Map.of(
                "entered", entered, "exited", exited, "advanced", advanced, "balance", balance);
    }

    @Test
    void report_january_matchesTheSpecTable() {
        JsonNode january = month("2026-01-01", "2026-02-01");

        assertEquals("2026-01", january.path("label").asText());
        assertEquals(row(3, 2, 2, 1), counts(january, "lead"));
        assertEquals(row(2, 1, 1, 1), counts(january, "mql"));
        assertEquals(row(1, 0, 0, 1), counts(january, "sal"));
        assertEquals(5.0, stage(january, "lead").path("velocity").path("medianDays").asDouble());
        assertEquals(2.0, stage(january, "mql").path("velocity").path("medianDays").asDouble());
        assertEquals(0, stage(january, "sal").path("velocity").path("n").asInt());
        assertEquals(1, stage(january, "sal").path("slaBreaches").asInt());
        assertEquals(1, stage(january, "sal").path("slaPastDue").asInt());
    }

    @Test
    void report_february_matchesTheSpecTable() {
        JsonNode february = month("2026-02-01", "2026-03-01");

        assertEquals(row(1, 2, 2, 0), counts(february, "lead"));
        assertEquals(row(2, 2, 1, 1), counts(february, "mql"));
        assertEquals(row(1, 2, 2, 0), counts(february, "sal"));
        assertEquals(row(2, 0, 0, 2), counts(february, "sql"));
        assertEquals(row(1, 0, 0, 1), counts(february, "recycled"));
    }

    @Test
    void report_conversionFromMql_matchesTheSpecText() {
        JsonNode january = stage(month("2026-01-01", "2026-02-01"), "mql");
        JsonNode february = stage(month("2026-02-01", "2026-03-01"), "mql");

        assertEquals("sal", january.path("conversionToNext").path("target").asText());
        assertEquals(1, january.path("conversionToNext").path("converted").asInt());
        assertEquals(2, january.path("conversionToNext").path("cohort").asInt());
        assertEquals(1, february.path("conversionToNext").path("converted").asInt());
        assertEquals(2, february.path("conversionToNext").path("cohort").asInt());
        assertEquals("won", january.path("conversionToLast").path("target").asText());
        assertEquals(1, january.path("conversionToLast").path("converted").asInt());
        assertEquals(2, january.path("conversionToLast").path("cohort").asInt());
    }

    @Test
    void report_whenAggregatedAgain_servesTheSameFigures() {
        JsonNode before = month("2026-01-01", "2026-02-01").path("stages");

        stack.post("/admin/aggregate", "{\"granularities\": [\"month\"]}");

        assertEquals(before, month("2026-01-01", "2026-02-01").path("stages"));
    }

    @Test
    void report_asCsv_opensAsTheSpecTable() {
        Answer csv =
                stack.send(
                        java.net.http.HttpRequest.newBuilder(
                                        stack.uri(
                                                "/reports/funnel?granularity=month&from=2026-01-01&to=2026-02-01"))
                                .header("accept", "text/csv")
                                .GET());

        assertEquals(200, csv.status());
        assertEquals("text/csv; charset=utf-8", csv.contentType());
        String[] rows = csv.text().split("\r\n");
        assertEquals('\uFEFF', rows[0].charAt(0));
        java.util.List<String> header = java.util.List.of(rows[0].substring(1).split(","));
        Map<String, String> lead = new java.util.HashMap<>();
        Map<String, String> sal = new java.util.HashMap<>();
        for (String row : rows) {
            String[] cells = row.split(",", -1);
            Map<String, String> target =
                    row.contains(",lead,") ? lead : row.contains(",sal,") ? sal : null;
            for (int i = 0; target != null && i < cells.length; i++) {
                target.put(header.get(i), cells[i]);
            }
        }
        assertEquals(7, rows.length);
        assertEquals(
                java.util.List.of("2026-01", "3", "2", "2", "1"),
                java.util.List.of(
                        lead.get("period"),
                        lead.get("entered"),
                        lead.get("exited"),
                        lead.get("advanced"),
                        lead.get("balance")));
        assertEquals(5.0, Double.parseDouble(lead.get("velocity_median_days")));
        assertEquals(
                java.util.List.of("1", "1", "1"),
                java.util.List.of(
                        sal.get("entered"), sal.get("sla_breaches"), sal.get("sla_past_due")));
    }

    @Test
    void report_whenParameterIsMissing_is400NamingIt() {
        Answer answer = stack.get("/reports/funnel?granularity=month&from=2026-01-01");

        assertEquals(400, answer.status());
        assertEquals("parameter 'to' is required", answer.body().path("message").asText());
    }
}
