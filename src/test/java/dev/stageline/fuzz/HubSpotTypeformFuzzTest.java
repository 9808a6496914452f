package dev.stageline.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stageline.ingest.RejectedRequest;
import dev.stageline.ingest.Source;
import dev.stageline.ingest.SourceCatalog;
import dev.stageline.local.LocalRun;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The HubSpot and Typeform fuzz generators make what they promise: at least 150 cases each, every
 * one refused by its source with a 4xx (the body limit as WebhookIngestion checks it first). The
 * shared fuzz runner sends them through the whole stack as well.
 */
class HubSpotTypeformFuzzTest {

    private static final Map<String, String> DEV_SECRETS =
            Map.of(
                    "STAGELINE_SECRET_HUBSPOT", LocalRun.DEV_HUBSPOT_SECRET,
                    "STAGELINE_SECRET_TYPEFORM", LocalRun.DEV_TYPEFORM_SECRET);

    private final SourceCatalog catalog = SourceCatalog.load("config/sources.yaml");

    @Test
    void cases_whenHubSpot_atLeast150AllRefusedWith4xx() {
        assertAllRefused(HubSpotFuzz.cases(new Random(11)));
    }

    @Test
    void cases_whenTypeform_atLeast150AllRefusedWith4xx() {
        assertAllRefused(TypeformFuzz.cases(new Random(12)));
    }

    private void assertAllRefused(List<FuzzCase> cases) {
        assertTrue(cases.size() >= 150, "only " + cases.size() + " cases");
        for (FuzzCase fuzz : cases) {
            int status = status(fuzz);
            assertTrue(status >= 400 && status < 500, fuzz.kind() + " answered " + status);
        }
    }

    private int status(FuzzCase fuzz) {
        Source source = catalog.source(fuzz.source()).orElseThrow();
        if (fuzz.request().body().length > source.limits().maxBodyBytes()) {
            return 413;
        }
        Source.Context context =
                new Source.Context(
                        name -> Optional.ofNullable(DEV_SECRETS.get(name)),
                        Set.of("score", "country", "source", "company_size", "budget_confirmed"),
                        Instant.now());
        try {
            source.read(fuzz.request(), context);
            return 200;
        } catch (RejectedRequest e) {
            return e.status();
        }
    }
}
