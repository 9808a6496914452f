package dev.stageline.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stageline.ingest.RejectedRequest;
import dev.stageline.ingest.Source;
import dev.stageline.ingest.SourceCatalog;
import dev.stageline.local.LocalRun;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The form, Unbounce and Webflow fuzz generators make what they promise: at least 150 cases each,
 * every one refused by its source with a 4xx before anything could be stored. (The shared fuzz
 * runner sends them through the whole stack as well.)
 */
class FormsFuzzCasesTest {

    private final SourceCatalog catalog = SourceCatalog.load("config/sources.yaml");

    @Test
    void cases_whenReadByTheirSources_areAllRefusedWith4xx() {
        List<FuzzCase> all = new ArrayList<>();
        List<FuzzCase> form = FormFuzz.cases(new Random(1));
        List<FuzzCase> unbounce = UnbounceFuzz.cases(new Random(2));
        List<FuzzCase> webflow = WebflowFuzz.cases(new Random(3));
        assertTrue(form.size() >= 150 && unbounce.size() >= 150 && webflow.size() >= 150);
        all.addAll(form);
        all.addAll(unbounce);
        all.addAll(webflow);

        for (FuzzCase fuzz : all) {
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
                        name -> Optional.ofNullable(LocalRun.DEV_SECRETS.get(name)),
                        Set.of("country", "source", "company_size"),
                        Instant.now());
        try {
            source.read(fuzz.request(), context);
            return 200;
        } catch (RejectedRequest e) {
            return e.status();
        }
    }
}
