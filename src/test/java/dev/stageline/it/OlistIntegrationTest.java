package dev.stageline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stageline.ingest.csv.CsvImport;
import dev.stageline.ingest.csv.CsvMapping;
import dev.stageline.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    @BeforeAll
    static void importAndAggregate() {
        stack = TestStack.start("models/olist/model.yaml");
        var app = stack.run().app();
        CsvImport importer = new CsvImport(app.events(), app.model().attributes());
        mqlImport = importer.run(MQLS, CsvMapping.load("models/olist/mqls.mapping.yaml"), rows -> { });
        dealImport = importer.run(DEALS, CsvMapping.load("models/olist/deals.mapping.yaml"), rows -> { });
        stack.drain();
        assertEquals(200, stack.post("/admin/aggregate", "{\"granularities\": [\"month\"]}").status());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** Sortable {@code yyyy-MM-dd HH:mm} from {@code dd-MM-yyyy[ HH:mm]}. */
    private static String sortable(String dayFirst) {
        String date = dayFirst.substring(6, 10) + "-" + dayFirst.substring(3, 5) + "-" + dayFirst.substring(0, 2);
        return date + " " + (dayFirst.length() > 10 ? dayFirst.substring(11, 16) : "00:00");
    }

    private static List<String[]> rows(Path file) throws IOException {
        return Files.readAllLines(file).stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",")).toList();
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
            mqlEntry.merge(row[0], wonAt, (contact, deal) -> contact.compareTo(deal) <= 0 ? contact : deal);
        }
        Map<String, Integer> mql = new TreeMap<>();
        mqlEntry.values().forEach(at -> mql.merge(at.substring(0, 7), 1, Integer::sum));
        return Map.of("mql", mql, "won", won);
    }

    private static Map<String, Integer> reported(JsonNode report, String stage) {
        Map<String, Integer> entered = new TreeMap<>();
        for (JsonNode period : report.path("periods")) {
            for (JsonNode figures : period.path("stages")) {
                if (figures.path("stage").asText().equals(stage) && figures.path("entered").asInt() > 0) {
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
        JsonNode report = stack.get("/reports/funnel?granularity=month&from=2017-06-01&to=2018-12-01").body();
        Map<String, Map<String, Integer>> expected = expected();

        assertEquals(expected.get("mql"), reported(report, "mql"));
        assertEquals(expected.get("won"), reported(report, "won"));
        assertEquals(8000, reported(report, "mql").values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(842, reported(report, "won").values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void import_whenRunAgain_storesNothingNew() {
        var app = stack.run().app();
        CsvImport.Summary again = new CsvImport(app.events(), app.model().attributes())
                .run(DEALS, CsvMapping.load("models/olist/deals.mapping.yaml"), rows -> { });

        assertEquals(0, again.stored());
        assertEquals(842, again.duplicates());
    }
}
