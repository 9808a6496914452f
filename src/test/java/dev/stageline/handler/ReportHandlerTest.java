package dev.stageline.handler;

import static dev.stageline.handler.HandlerFixtures.body;
import static dev.stageline.handler.HandlerFixtures.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import dev.stageline.handler.ReportHandler.Request;
import dev.stageline.model.LifecycleModel;
import dev.stageline.report.Granularity;
import dev.stageline.report.Period;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /reports/funnel} refuses a bad query with 400 and a JSON body naming the parameter,
 * before it reads any report. Events come from src/test/resources/events; the store is {@link
 * EmptyTables}, so these tests need no database.
 */
class ReportHandlerTest {

    private final EmptyTables tables = new EmptyTables();
    private final Application app = HandlerFixtures.application(tables);
    private final ReportHandler handler = new ReportHandler(app);

    @Test
    void handleRequest_whenNoQueryAtAll_asksForGranularity() {
        assertRefused("report-get-no-query", "'granularity'", "required");
    }

    @Test
    void handleRequest_whenGranularityMissing_namesIt() {
        assertRefused("report-get-no-granularity", "'granularity'", "required");
    }

    @Test
    void handleRequest_whenFromMissing_namesIt() {
        assertRefused("report-get-no-from", "'from'", "required");
    }

    @Test
    void handleRequest_whenToMissing_namesIt() {
        assertRefused("report-get-no-to", "'to'", "required");
    }

    @Test
    void handleRequest_whenGranularityUnknown_namesItAndTheValue() {
        assertRefused("report-get-unknown-granularity", "granularity", "'fortnight'");
    }

    @Test
    void handleRequest_whenDateMalformed_namesTheParameterAndTheValue() {
        assertRefused("report-get-malformed-date", "'from'", "'2026-13-01'");
    }

    @Test
    void handleRequest_whenFromEqualsTo_namesBoth() {
        assertRefused("report-get-from-equals-to", "'from'", "'to'", "2026-12-01");
    }

    @Test
    void handleRequest_whenFromAfterTo_namesBoth() {
        assertRefused("report-get-from-after-to", "'from'", "'to'", "2026-12-01", "2026-01-01");
    }

    @Test
    void handleRequest_whenUnknownParameter_namesIt() {
        assertRefused("report-get-unknown-parameter", "'colour'");
    }

    @Test
    void handleRequest_whenRangeHoldsMoreThanThousandPeriods_saysHowMany() {
        // 2020 (a leap year), 2021 and 2022: 366 + 365 + 365 days.
        assertRefused("report-get-too-many-periods", "1096", "day", "1000");
    }

    @Test
    void handleRequest_whenDateAtTheEndOfTime_isRefusedNotAFailure() {
        assertRefused("report-get-out-of-range-date", "'from'", "'+999999999-12-30'");
    }

    // Request.parse, for what passes

    @Test
    void parse_whenFixtureQuery_coversTheMonthsFromJanuaryToNovember() {
        Map<String, String> query = event("report-get").getQueryStringParameters();

        Request request = Request.parse(query, app.model());

        assertEquals(Granularity.MONTH, request.granularity());
        assertEquals(LocalDate.of(2026, 1, 1), request.from());
        assertEquals(LocalDate.of(2026, 12, 1), request.to());
        assertEquals(
                List.of(
                        "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07",
                        "2026-08", "2026-09", "2026-10", "2026-11"),
                request.periods().stream().map(Period::label).toList());
    }

    @Test
    void parse_whenRangeHoldsExactlyThousandDays_acceptsIt() {
        LifecycleModel model = app.model();

        Request request =
                Request.parse(
                        Map.of("granularity", "day", "from", "2020-01-01", "to", "2022-09-27"),
                        model);

        assertEquals(1000, request.periods().size());
        assertEquals("2022-09-26", request.periods().getLast().label());
    }

    /** Asserts a 400 invalid_parameter whose message names each of {@code parts}. */
    private void assertRefused(String fixture, String... parts) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event(fixture), null);

        assertEquals(400, response.getStatusCode());
        assertEquals("application/json", response.getHeaders().get("content-type"));
        JsonNode body = body(response);
        assertEquals("invalid_parameter", body.path("error").asText());
        String message = body.path("message").asText();
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "'" + message + "' does not mention " + part);
        }
        assertEquals(List.of(), tables.reads());
    }

    @Test
    void prefersCsv_readsMediaTypesWithoutCaseAndWeighsThem() {
        assertEquals(true, ReportHandler.prefersCsv("text/csv"));
        assertEquals(true, ReportHandler.prefersCsv("TEXT/CSV"));
        assertEquals(true, ReportHandler.prefersCsv("application/json;q=0.5, text/csv"));
        assertEquals(false, ReportHandler.prefersCsv("text/csv;q=0.1, application/json"));
        assertEquals(false, ReportHandler.prefersCsv("*/*"));
        assertEquals(false, ReportHandler.prefersCsv(""));
        assertEquals(false, ReportHandler.prefersCsv("text/csv;q=0"));
    }
}
