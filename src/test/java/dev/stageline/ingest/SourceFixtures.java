package dev.stageline.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** What the tests of one source need: the default model's allow-list, files, and a context. */
final class SourceFixtures {

    /** The attribute allow-list of models/default.yaml. */
    static final Set<String> ALLOWED =
            Set.of(
                    "score",
                    "country",
                    "source",
                    "lead_status",
                    "company_size",
                    "budget_confirmed",
                    "deal_stage");

    private SourceFixtures() {}

    static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SourceCatalog catalog(String yaml) {
        return SourceCatalog.parse("sources.yaml", yaml);
    }

    /** A context in which only the secret reference {@code name} is set, to {@code secret}. */
    static Source.Context context(String name, String secret, Instant now) {
        return new Source.Context(
                reference -> reference.equals(name) ? Optional.of(secret) : Optional.empty(),
                ALLOWED,
                now);
    }
}
