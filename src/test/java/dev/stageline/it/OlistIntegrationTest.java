package dev.stageline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;

import dev.stageline.ingest.csv.CsvImport;
import dev.stageline.ingest.csv.CsvMapping;
import dev.stageline.testing.TestStack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Olist marketing-funnel export, imported through the import path (event store, stream,
 * evaluator) and aggregated by month, must give the MQL and Won entries that this test counts
 * itself from the CSV files with plain string handling.
 *
 * <p>The independent count follows the spec: a deal's month is that of its {@code won_date}; an
 * MQL's month is that of its {@code first_contact_date}, except for a lead whose deal was won
 * before its first contact date, which under {@code pass_through} passes through MQL when it is
 * won.
 */
class OlistIntegrationTest {

    private static final Path DATA = Path.of("..", "shared", "datasets", "olist-marketing-funnel");
    private static final Path MQLS = DATA.resolve("olist_marketing_qualified_leads_dataset.csv");
    private static final Path DEALS = DATA.resolve("olist_closed_deals_dataset.csv");

    private static TestStack stack;
    private static CsvImport.Summary mqlImport;
    private static CsvImport.Summary dealImport;
    private static JsonNode byOrigin;

    @BeforeAll
    static void importAndAggregate() {
        stack = TestStack.start("models/olist/model.yaml");
        var app = stack.run().app();
        CsvImport importer = new CsvImport(app.events(), app.model().attributes());
        mqlImport =
                importer.run(MQLS, CsvMapping.load("models/olist/mqls.mapping.yaml"), rows -> {});
        dealImport =
                importer.run(DEALS, CsvMapping.load("models/olist/deals.mapping.yaml"), rows -> {});
        stack.drain();
        assertEquals(
                200, stack.post("/admin/aggregate", "{\"granularities\": [\"month\"]}").status());
        byOrigin =
                stack.get(
                                "/reports/funnel?granularity=month&from=2017-06-01&to=2018-12-01&dimension=origin")
                        .body();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** Sortable {@code yyyy-MM-dd HH:mm} from {@code dd-MM-yyyy[ HH:mm]}. */
    private static String sortable(String dayFirst) {
        String date =
                dayFirst.substring(6, 10)
                        + "-"
                        + dayFirst.substring(3, 5)
                        + "-"
                        + dayFirst.substring(0, 2);
        return date + " " + (dayFirst.length() > 10 ? dayFirst.substring(11, 16) : "00:00");
    }

    private static List<String[]> rows(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .skip(1)
                .filter(l -> !l.isBlank())
                .map(l -> l.split(","))
                .toList();
    }

    /** Month label to count, computed from the files without the product's code. */
    private static Map<String, Map<String, Integer>> expected() throws IOException {
        Map<String, String> mqlEntry = new HashMap<>();
        for (String[] row : rows(MQLS)) {
            mqlEntry.put(row[0], sortable(row[1]));
        }
        Map<String, Integer> won = new TreeMap<>();
        for (String[] row : rows(DEALS)) {
            String wonAt = sortable(row[4]);
            won.merge(wonAt.substring(0, 7), 1, Integer::sum);
            mqlEntry.merge(
                    row[0],
                    wonAt,
                    (contact, deal) -> contact.compareTo(deal) <= 0 ? contact : deal);
        }
        Map<String, Integer> mql = new TreeMap<>();
        mqlEntry.values().forEach(at -> mql.merge(at.substring(0, 7), 1, Integer::sum));
        return Map.of("mql", mql, "won", won);
    }

    private static Map<String, Integer> reported(JsonNode report, String stage) {
        Map<String, Integer> entered = new TreeMap<>();
        for (JsonNode period : report.path("periods")) {
            for (JsonNode figures : period.path("stages")) {
                if (figures.path("stage").asText().equals(stage)
                        && figures.path("entered").asInt() > 0) {
                    entered.put(period.path("label").asText(), figures.path("entered").asInt());
                }
            }
        }
        return entered;
    }

    @Test
    void import_storesEveryRowOnce() throws IOException {
        assertEquals(rows(MQLS).size(), mqlImport.stored());
        assertEquals(rows(DEALS).size(), dealImport.stored());
        assertEquals(List.of(), mqlImport.refused());
        assertEquals(List.of(), dealImport.refused());
    }

    @Test
    void monthlyFunnel_mqlAndWonEntered_matchTheFiles() throws IOException {
        JsonNode report =
                stack.get("/reports/funnel?granularity=month&from=2017-06-01&to=2018-12-01").body();
        Map<String, Map<String, Integer>> expected = expected();

        assertEquals(expected.get("mql"), reported(report, "mql"));
        assertEquals(expected.get("won"), reported(report, "won"));
        assertEquals(
                8000, reported(report, "mql").values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(
                842, reported(report, "won").values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void import_whenRunAgain_storesNothingNew() {
        var app = stack.run().app();
        CsvImport.Summary again =
                new CsvImport(app.events(), app.model().attributes())
                        .run(DEALS, CsvMapping.load("models/olist/deals.mapping.yaml"), rows -> {});

        assertEquals(0, again.stored());
        assertEquals(842, again.duplicates());
    }

    /** One lead as the files describe it, read without the product's code. */
    private record Lead(Instant contact, String origin, Optional<Instant> won) {

        Instant mqlEntry() {
            return won.filter(w -> w.isBefore(contact)).orElse(contact);
        }

        /** The origin as it stood at {@code at}: set by the first contact, none before it. */
        String originAt(Instant at) {
            return contact.isAfter(at) || origin.isEmpty() ? "(none)" : origin;
        }
    }

    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

    private static Map<String, Lead> leads() throws IOException {
        Map<String, Instant> won = new HashMap<>();
        DateTimeFormatter wonFormat = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm");
        for (String[] row : rows(DEALS)) {
            won.put(row[0], LocalDateTime.parse(row[4], wonFormat).atZone(SAO_PAULO).toInstant());
        }
        DateTimeFormatter contactFormat = DateTimeFormatter.ofPattern("dd-MM-yyyy");
        Map<String, Lead> leads = new HashMap<>();
        for (String[] row : rows(MQLS)) {
            Instant contact =
                    LocalDate.parse(row[1], contactFormat).atStartOfDay(SAO_PAULO).toInstant();
            leads.put(
                    row[0],
                    new Lead(
                            contact,
                            row.length > 3 ? row[3] : "",
                            Optional.ofNullable(won.get(row[0]))));
        }
        return leads;
    }

    private static String month(Instant at) {
        return at.atZone(SAO_PAULO).toLocalDate().toString().substring(0, 7);
    }

    /**
     * Per month and origin: MQL cohort, those converted to Won within a year, and MQL-to-Won times.
     */
    private record Cohorts(
            Map<String, Integer> cohort,
            Map<String, Integer> converted,
            Map<String, List<Duration>> times) {}

    private static Cohorts cohorts(boolean byOrigin) throws IOException {
        Cohorts c = new Cohorts(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        for (Lead lead : leads().values()) {
            Instant entry = lead.mqlEntry();
            String key = month(entry) + (byOrigin ? " " + lead.originAt(entry) : "");
            c.cohort().merge(key, 1, Integer::sum);
            boolean converted =
                    lead.won()
                            .filter(w -> !w.isAfter(entry.plus(Duration.ofDays(365))))
                            .isPresent();
            c.converted().merge(key, converted ? 1 : 0, Integer::sum);
            lead.won()
                    .filter(w -> !w.isBefore(lead.contact()))
                    .ifPresent(
                            w -> {
                                String exitKey =
                                        month(w) + (byOrigin ? " " + lead.originAt(w) : "");
                                c.times()
                                        .computeIfAbsent(exitKey, k -> new ArrayList<>())
                                        .add(Duration.between(lead.contact(), w));
                            });
        }
        return c;
    }

    private static Duration nearestRankMedian(List<Duration> times) {
        List<Duration> sorted = times.stream().sorted().toList();
        return sorted.get((sorted.size() + 1) / 2 - 1);
    }

    /** The MQL figures of the report, keyed like {@link #cohorts}. */
    private static Cohorts reportedMql(JsonNode report, boolean byOrigin) {
        Cohorts c = new Cohorts(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        for (JsonNode period : report.path("periods")) {
            List<JsonNode[]> buckets = new ArrayList<>();
            if (byOrigin) {
                period.path("values")
                        .forEach(
                                v ->
                                        buckets.add(
                                                new JsonNode[] {
                                                    v.path("value"), v.path("stages")
                                                }));
            } else {
                buckets.add(new JsonNode[] {null, period.path("stages")});
            }
            for (JsonNode[] bucket : buckets) {
                String key =
                        period.path("label").asText()
                                + (bucket[0] == null ? "" : " " + bucket[0].asText());
                for (JsonNode stage : bucket[1]) {
                    if (!stage.path("stage").asText().equals("mql")) {
                        continue;
                    }
                    JsonNode conversion = stage.path("conversionToNext");
                    if (conversion.path("cohort").asInt() > 0) {
                        c.cohort().put(key, conversion.path("cohort").asInt());
                        c.converted().put(key, conversion.path("converted").asInt());
                    }
                    if (stage.path("velocity").path("n").asInt() > 0) {
                        c.times()
                                .put(
                                        key,
                                        List.of(
                                                Duration.parse(
                                                        stage.path("velocity")
                                                                .path("median")
                                                                .asText())));
                    }
                }
            }
        }
        return c;
    }

    private static void assertCohortsMatch(Cohorts expected, Cohorts reported) {
        assertEquals(expected.cohort(), reported.cohort());
        assertEquals(expected.converted(), reported.converted());
        Map<String, List<Duration>> medians = new TreeMap<>();
        expected.times()
                .forEach((key, times) -> medians.put(key, List.of(nearestRankMedian(times))));
        assertEquals(medians, reported.times());
    }

    @Test
    void monthlyFunnel_conversionAndMedianTimeToWon_matchTheFiles() throws IOException {
        JsonNode report =
                stack.get("/reports/funnel?granularity=month&from=2017-06-01&to=2018-12-01").body();

        assertCohortsMatch(cohorts(false), reportedMql(report, false));
    }

    @Test
    void monthlyFunnelByOrigin_entriesConversionAndMedianTime_matchTheFiles() throws IOException {
        Map<String, Integer> mqlEntered = new TreeMap<>();
        Map<String, Integer> wonEntered = new TreeMap<>();
        for (Lead lead : leads().values()) {
            mqlEntered.merge(
                    month(lead.mqlEntry()) + " " + lead.originAt(lead.mqlEntry()), 1, Integer::sum);
            lead.won()
                    .ifPresent(
                            w ->
                                    wonEntered.merge(
                                            month(w) + " " + lead.originAt(w), 1, Integer::sum));
        }
        Map<String, Integer> reportedMql = new TreeMap<>();
        Map<String, Integer> reportedWon = new TreeMap<>();
        for (JsonNode period : byOrigin.path("periods")) {
            for (JsonNode value : period.path("values")) {
                for (JsonNode stage : value.path("stages")) {
                    Map<String, Integer> target =
                            stage.path("stage").asText().equals("mql") ? reportedMql : reportedWon;
                    if (stage.path("entered").asInt() > 0) {
                        target.put(
                                period.path("label").asText() + " " + value.path("value").asText(),
                                stage.path("entered").asInt());
                    }
                }
            }
        }

        assertEquals(mqlEntered, reportedMql);
        assertEquals(wonEntered, reportedWon);
        assertCohortsMatch(cohorts(true), reportedMql(byOrigin, true));
    }
}
