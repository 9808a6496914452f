package dev.stageline.cli;

import dev.stageline.ingest.ConfigText;
import dev.stageline.ingest.csv.CsvImport;
import dev.stageline.ingest.csv.CsvMapping;
import dev.stageline.model.LifecycleModel;
import dev.stageline.model.ModelLoader;
import dev.stageline.store.Dynamo;
import dev.stageline.store.EventStore;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code stageline import --mapping M FILE}: stores each row of a CSV export as a lead event in the
 * running stack's lead table, then waits while the stack's stream has them evaluated.
 */
final class ImportCommand {

    private static final int SHOWN_REFUSALS = 20;
    private static final int PROGRESS_EVERY = 1_000;

    private ImportCommand() {}

    static int run(List<String> args, PrintStream out) {
        Arguments arguments = new Arguments(args, Set.of("mapping", "stack"));
        if (arguments.positional().size() != 1) {
            throw new Arguments.UsageException("import takes one CSV FILE");
        }
        Path csv = Path.of(arguments.positional().getFirst());
        if (!Files.isReadable(csv)) {
            throw new CommandException("cannot read " + csv);
        }
        String mappingFile =
                arguments
                        .option("mapping")
                        .orElseThrow(
                                () ->
                                        new Arguments.UsageException(
                                                "import needs --mapping FILE.yaml"));
        Stack stack = Stack.read(Path.of(arguments.option("stack", Stack.DEFAULT_FILE.toString())));

        CsvMapping mapping;
        LifecycleModel model;
        try {
            mapping = CsvMapping.load(mappingFile);
            model = ModelLoader.parse(stack.model(), ConfigText.read(stack.model()));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CommandException(e.getMessage(), e);
        }

        CsvImport.Summary summary;
        long started = System.nanoTime();
        try (DynamoDbClient dynamo = Dynamo.client(Optional.of(stack.endpoint()))) {
            CsvImport importer =
                    new CsvImport(
                            new EventStore(dynamo, stack.leadTable(), Clock.systemUTC()),
                            model.attributes());
            int[] shown = {0};
            summary =
                    importer.run(
                            csv,
                            mapping,
                            rows -> {
                                if (rows / PROGRESS_EVERY > shown[0]) {
                                    shown[0] = rows / PROGRESS_EVERY;
                                    out.println("  " + rows + " rows read");
                                }
                            });
        } catch (IllegalArgumentException e) {
            throw new CommandException(csv + ": " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(
                "%s: %d rows, %d events stored, %d duplicates, %d refused (%.0f rows/s)%n",
                csv.getFileName(),
                summary.rows(),
                summary.stored(),
                summary.duplicates(),
                summary.refused().size(),
                summary.rows() / Math.max(seconds, 0.001));
        summary.refused().stream()
                .limit(SHOWN_REFUSALS)
                .forEach(r -> out.println("  refused line " + r.line() + ": " + r.reason()));
        if (summary.refused().size() > SHOWN_REFUSALS) {
            out.println(
                    "  ... and "
                            + (summary.refused().size() - SHOWN_REFUSALS)
                            + " more refused rows");
        }

        out.println("evaluating the new events...");
        HttpResponse<String> drained = stack.post("/admin/drain", "");
        if (drained.statusCode() != 200) {
            throw new CommandException(
                    "the stack could not evaluate the events: " + drained.body());
        }
        out.println("done.");
        return 0;
    }
}
