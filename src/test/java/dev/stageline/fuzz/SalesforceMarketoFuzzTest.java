package dev.stageline.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stageline.ingest.RejectedRequest;
import dev.stageline.ingest.Source;
import dev.stageline.ingest.SourceCatalog;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The generated Salesforce and Marketo cases, each checked as the ingestion would before storing:
 * the body size against the source's limit, then the source's own reading. Every case must be
 * refused with a 4xx; the shared fuzz runner also checks that nothing is stored.
 */
class SalesforceMarketoFuzzTest {

    private static final SourceCatalog CATALOG = SourceCatalog.load("config/sources.yaml");

    private static void allRefused(List<FuzzCase> cases, Map<String, String> secrets) {
        Source.Context context =
                new Source.Context(
                        name -> Optional.ofNullable(secrets.get(name)),
                        Set.of("score", "country", "source", "lead_status", "company_size"),
                        Instant.parse("2026-11-10T00:00:00Z"));
        List<String> accepted = new ArrayList<>();
        for (FuzzCase c : cases) {
            Source source = CATALOG.source(c.source()).orElseThrow();
            try {
                if (c.request().body().length > source.limits().maxBodyBytes()) {
                    continue;
                }
                int count = source.read(c.request(), context).events().size();
                accepted.add(c.kind() + " (" + count + " events)");
            } catch (RejectedRequest e) {
                if (e.status() < 400 || e.status() > 499) {
                    accepted.add(c.kind() + " answered " + e.status() + ": " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), accepted);
    }

    @Test
    void salesforceCases_areAllRefusedWith4xx() {
        List<FuzzCase> cases = SalesforceFuzz.cases(new Random(5));

        assertTrue(cases.size() >= 150, "only " + cases.size() + " cases");
        allRefused(cases, SalesforceFuzz.SECRETS);
    }

    @Test
    void marketoCases_areAllRefusedWith4xx() {
        List<FuzzCase> cases = MarketoFuzz.cases(new Random(5));

        assertTrue(cases.size() >= 150, "only " + cases.size() + " cases");
        allRefused(cases, MarketoFuzz.SECRETS);
    }

    @Test
    void cases_whenOtherSeeds_areStillAllRefused() {
        Map<String, String> secrets = new HashMap<>(SalesforceFuzz.SECRETS);
        secrets.putAll(MarketoFuzz.SECRETS);
        for (long seed = 100; seed < 103; seed++) {
            List<FuzzCase> cases = new ArrayList<>(SalesforceFuzz.cases(new Random(seed)));
            cases.addAll(MarketoFuzz.cases(new Random(seed)));
            allRefused(cases, secrets);
        }
    }
}
