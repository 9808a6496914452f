package dev.stageline.ingest.csv;

import dev.stageline.engine.LeadEvent;
import dev.stageline.store.EventStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Loads a CRM export through the same door as webhooks: each row becomes a lead event, stored once
 * by the {@link EventStore}, and the table's stream has the evaluator turn the events into
 * transitions. Rows that cannot be mapped are refused with their line and reason and the rest goes
 * on; a rerun stores nothing twice, since events are keyed by lead and event id.
 */
public final class CsvImport {

    private final EventStore store;
    private final Set<String> allowedAttributes;

    public CsvImport(EventStore store, Set<String> allowedAttributes) {
        this.store = store;
        this.allowedAttributes = Set.copyOf(allowedAttributes);
    }

    /** A row that was not imported, and why. */
    public record Refusal(int line, String reason) {}

    /** What an import did. */
    public record Summary(int rows, int stored, int duplicates, List<Refusal> refused) {}

    /** Progress after each stored batch: rows read so far. */
    public Summary run(Path csv, CsvMapping mapping, Consumer<Integer> progress) {
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return run(new CsvReader(in), mapping, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
    }

    private Summary run(CsvReader reader, CsvMapping mapping, Consumer<Integer> progress) {
        List<String> header =
                reader.next()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "the file is empty: no header row"))
                        .fields();
        List<String> missing = mapping.columns().stream().filter(c -> !header.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "the header lacks the mapped column(s) " + missing + "; it has " + header);
        }

        int rows = 0;
        int stored = 0;
        int duplicates = 0;
        List<Refusal> refused = new ArrayList<>();
        List<LeadEvent> batch = new ArrayList<>();
        for (Optional<CsvReader.Row> next = reader.next(); next.isPresent(); next = reader.next()) {
            CsvReader.Row row = next.get();
            if (row.fields().size() == 1 && row.fields().getFirst().isBlank()) {
                continue;
            }
            rows++;
            if (row.fields().size() != header.size()) {
                refused.add(
                        new Refusal(
                                row.line(),
                                "has "
                                        + row.fields().size()
                                        + " fields, the header "
                                        + header.size()));
                continue;
            }
            try {
                batch.add(mapping.event(byColumn(header, row.fields()), allowedAttributes));
            } catch (IllegalArgumentException e) {
                refused.add(new Refusal(row.line(), e.getMessage()));
            }
            if (batch.size() == EventStore.MAX_BATCH) {
                int[] counts = flush(mapping.source(), batch);
                stored += counts[0];
                duplicates += counts[1];
                progress.accept(rows);
            }
        }
        int[] counts = flush(mapping.source(), batch);
        progress.accept(rows);
        return new Summary(rows, stored + counts[0], duplicates + counts[1], List.copyOf(refused));
    }

    private int[] flush(String source, List<LeadEvent> batch) {
        if (batch.isEmpty()) {
            return new int[] {0, 0};
        }
        List<EventStore.Outcome> outcomes = store.store(source, batch);
        batch.clear();
        int duplicates = (int) outcomes.stream().filter(EventStore.Outcome::duplicate).count();
        return new int[] {outcomes.size() - duplicates, duplicates};
    }

    private static Map<String, String> byColumn(List<String> header, List<String> fields) {
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            row.put(header.get(i), fields.get(i));
        }
        return row;
    }
}
