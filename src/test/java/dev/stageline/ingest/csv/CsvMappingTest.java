package dev.stageline.ingest.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.stageline.engine.LeadEvent;
import dev.stageline.ingest.csv.CsvReader.Row;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Olist mappings of models/olist over rows read from Olist-style exports in
 * src/test/resources/csv. Olist's dates are local to America/Sao_Paulo, which kept summer time from
 * 2017-10-15 (clocks went from 00:00 to 01:00, UTC-3 to UTC-2) to 2018-02-18; expected instants
 * were worked out from those rules.
 */
class CsvMappingTest {

    /** The attribute allow-list of models/olist/model.yaml. */
    private static final Set<String> ALLOWED =
            Set.of("origin", "landing_page_id", "business_segment", "lead_type", "business_type");

    private static final CsvMapping MQLS = CsvMapping.load("models/olist/mqls.mapping.yaml");
    private static final CsvMapping DEALS = CsvMapping.load("models/olist/deals.mapping.yaml");

    private static final List<Map<String, String>> MQL_ROWS = rows("csv/olist-mqls.csv");
    private static final List<Map<String, String>> DEAL_ROWS = rows("csv/olist-deals.csv");

    @Test
    void columns_whenMqlMapping_areTheColumnsItReads() {
        assertEquals(
                Set.of("mql_id", "first_contact_date", "landing_page_id", "origin"),
                MQLS.columns());
    }

    @Test
    void event_whenMqlRow_isAnMqlCreatedEventAtLocalMidnight() {
        // 14-10-2017 00:00 at UTC-3.
        assertEquals(
                new LeadEvent(
                        "olist:dac32acd4db4c29c230538b72f8dd87d",
                        "mql:dac32acd4db4c29c230538b72f8dd87d",
                        at("2017-10-14T03:00:00Z"),
                        "mql_created",
                        Map.of(
                                "origin",
                                "social",
                                "landing_page_id",
                                "88740e65d5d6b056e0cda098e1ea6313")),
                MQLS.event(MQL_ROWS.get(0), ALLOWED));
    }

    @Test
    void event_whenDateHasNoMidnight_startsAtTheDaysFirstInstant() {
        // 15-10-2017 00:00 does not exist in Sao Paulo; the day starts at 01:00, UTC-2.
        LeadEvent event = MQLS.event(MQL_ROWS.get(1), ALLOWED);

        assertEquals(Instant.parse("2017-10-15T03:00:00Z"), event.occurredAt());
    }

    @Test
    void event_whenDateInSummerTime_usesTheSummerOffset() {
        // 01-12-2017 00:00 at UTC-2.
        LeadEvent event = MQLS.event(MQL_ROWS.get(2), ALLOWED);

        assertEquals(Instant.parse("2017-12-01T02:00:00Z"), event.occurredAt());
    }

    @Test
    void event_whenAttributeColumnEmpty_leavesTheAttributeOut() {
        LeadEvent event = MQLS.event(MQL_ROWS.get(2), ALLOWED);

        assertEquals(
                Map.of("landing_page_id", "a7982125ff7aa3b2054c6e44f9d28522"), event.attributes());
    }

    @Test
    void event_whenAttributeNotAllowed_dropsIt() {
        LeadEvent event = MQLS.event(MQL_ROWS.get(0), Set.of("origin"));

        assertEquals(Map.of("origin", "social"), event.attributes());
    }

    @Test
    void event_whenDealRow_isADealWonEventAtItsLocalTime() {
        // 14-02-2018 13:30 at UTC-2.
        assertEquals(
                new LeadEvent(
                        "olist:5420aad7fec3549a85876ba1c529bd84",
                        "won:5420aad7fec3549a85876ba1c529bd84",
                        at("2018-02-14T15:30:00Z"),
                        "deal_won",
                        Map.of(
                                "business_segment",
                                "pet",
                                "lead_type",
                                "online_medium",
                                "business_type",
                                "reseller")),
                DEALS.event(DEAL_ROWS.get(0), ALLOWED));
    }

    @Test
    void event_whenDealRowHasAQuotedComma_keepsItInTheAttribute() {
        // 14-05-2018 13:30 at UTC-3.
        LeadEvent event = DEALS.event(DEAL_ROWS.get(1), ALLOWED);

        assertEquals(Instant.parse("2018-05-14T16:30:00Z"), event.occurredAt());
        assertEquals("home_decor, garden", event.attributes().get("business_segment"));
    }

    @Test
    void event_whenDealLateOnTheLastEveningOfSummerTime_isStillAtUtcMinusTwo() {
        Map<String, String> row = with(DEAL_ROWS.get(0), "won_date", "17-02-2018 23:30");

        LeadEvent event = DEALS.event(row, ALLOWED);

        assertEquals(Instant.parse("2018-02-18T01:30:00Z"), event.occurredAt());
    }

    @Test
    void event_whenLeadIdEmpty_isRefusedNamingTheColumn() {
        IllegalArgumentException refused =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> MQLS.event(with(MQL_ROWS.get(0), "mql_id", " "), ALLOWED));

        assertMentions(refused, "mql_id", "empty");
    }

    @Test
    void event_whenDateEmpty_isRefusedNamingTheColumn() {
        IllegalArgumentException refused =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> MQLS.event(with(MQL_ROWS.get(0), "first_contact_date", ""), ALLOWED));

        assertMentions(refused, "first_contact_date", "empty");
    }

    @Test
    void event_whenDateInAnotherFormat_isRefusedNamingTheColumnAndValue() {
        Map<String, String> row = with(MQL_ROWS.get(0), "first_contact_date", "2017-10-14");

        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> MQLS.event(row, ALLOWED));

        assertMentions(refused, "first_contact_date", "'2017-10-14'");
    }

    @Test
    void event_whenDealDateLacksItsTime_isRefusedNamingTheColumn() {
        IllegalArgumentException refused =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                DEALS.event(
                                        with(DEAL_ROWS.get(0), "won_date", "14-02-2018"), ALLOWED));

        assertMentions(refused, "won_date", "'14-02-2018'");
    }

    @Test
    void event_whenDayDoesNotExist_isRefusedNamingTheColumn() {
        // A day the format can hold but the calendar cannot; not 28 February.
        Map<String, String> row = with(MQL_ROWS.get(0), "first_contact_date", "31-02-2018");

        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> MQLS.event(row, ALLOWED));

        assertMentions(refused, "first_contact_date", "'31-02-2018'");
    }

    private static void assertMentions(IllegalArgumentException refused, String... parts) {
        for (String part : parts) {
            assertTrue(
                    refused.getMessage().contains(part),
                    () -> "'" + refused.getMessage() + "' does not mention '" + part + "'");
        }
    }

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    private static Map<String, String> with(Map<String, String> row, String column, String value) {
        Map<String, String> changed = new HashMap<>(row);
        changed.put(column, value);
        return changed;
    }

    /** The records after the header of a test resource, each by column name. */
    private static List<Map<String, String>> rows(String resource) {
        Path file = Path.of("src/test/resources", resource);
        try (BufferedReader in = Files.newBufferedReader(file, UTF_8)) {
            CsvReader reader = new CsvReader(in);
            List<String> header = reader.next().orElseThrow().fields();
            List<Map<String, String>> rows = new ArrayList<>();
            for (Optional<Row> next = reader.next(); next.isPresent(); next = reader.next()) {
                Map<String, String> byColumn = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    byColumn.put(header.get(i), next.get().fields().get(i));
                }
                rows.add(byColumn);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
