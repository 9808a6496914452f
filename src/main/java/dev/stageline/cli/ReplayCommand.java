package dev.stageline.cli;

import dev.stageline.handler.Application;
import dev.stageline.handler.Settings;
import dev.stageline.model.Stage;
import dev.stageline.replay.ReplayJob;
import dev.stageline.store.Dynamo;
import dev.stageline.store.ReplayCheckpoint;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code stageline replay [--model FILE]}: recomputes every lead of the running local stack under
 * a model (the stack's own by default), page by page, printing progress, then switches the stack's
 * readers to the new histories, recomputes the reports and prints the transitions per stage before
 * and after. Talks to the stack's DynamoDB directly, as {@code import} does; interrupted, it
 * carries on from its checkpoint when run again.
 */
final class ReplayCommand {

    static final int DEFAULT_PAGE_SIZE = 100;

    private ReplayCommand() {}

    static int run(List<String> args, PrintStream out) {
        Arguments arguments = new Arguments(args, Set.of("model", "stack", "page-size"));
        if (!arguments.positional().isEmpty()) {
            throw new Arguments.UsageException(
                    "replay takes no arguments, got " + arguments.positional());
        }
        int pageSize = pageSize(arguments.option("page-size"));
        Stack stack = Stack.read(Path.of(arguments.option("stack", Stack.DEFAULT_FILE.toString())));
        String model = arguments.option("model", stack.model());

        HttpResponse<String> drained = stack.post("/admin/drain", "");
        if (drained.statusCode() != 200) {
            throw new CommandException("evaluating pending events failed: " + drained.body());
        }
        try (DynamoDbClient dynamo = Dynamo.client(Optional.of(stack.endpoint()))) {
            Application app =
                    new Application(
                            new Settings(
                                    stack.leadTable(),
                                    stack.reportTable(),
                                    model,
                                    Settings.DEFAULT_SOURCES,
                                    Optional.of(stack.endpoint()),
                                    name -> Optional.empty()),
                            dynamo,
                            Clock.systemUTC());
            out.println(
                    "replaying into "
                            + app.revision()
                            + " (active now: "
                            + app.activeRevision().read().orElse("none")
                            + "), pages of "
                            + pageSize
                            + " items");
            ReplayJob.Outcome outcome =
                    app.replay().run(pageSize, () -> true, page -> progress(page, out));
            outcome.checkpoint().ifPresent(c -> summary(c, app, out));
            out.println(outcome.note());
            if (!model.equals(stack.model())) {
                out.println(
                        "note: the running stack still runs "
                                + stack.model()
                                + ": its reports use that model's time zone and weeks, its"
                                + " explanations that model's rules, and the events it evaluates"
                                + " from now on go to that model's revision, which nobody reads."
                                + " Restart it with --model "
                                + model
                                + " on the same DynamoDB endpoint before you read reports or"
                                + " send events.");
            }
            return outcome.status() == ReplayJob.Status.DONE ? 0 : 1;
        }
    }

    private static int pageSize(Optional<String> asked) {
        if (asked.isEmpty()) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int size = Integer.parseInt(asked.get());
            if (size >= 1 && size <= 1_000) {
                return size;
            }
        } catch (NumberFormatException e) {
            // refused below, as out of range
        }
        throw new Arguments.UsageException(
                "--page-size must be a whole number from 1 to 1000, got " + asked.get());
    }

    private static void progress(ReplayJob.PageDone page, PrintStream out) {
        ReplayCheckpoint total = page.checkpoint();
        out.printf(
                "  page %d: %d items read, %d leads, %d changed (%d leads, %d changed so far)%n",
                total.pages(),
                page.itemsRead(),
                page.leads(),
                page.changed().size(),
                total.leads(),
                total.changed());
    }

    /** Transitions into each stage before and after, in the new model's stage order. */
    static void summary(ReplayCheckpoint checkpoint, Application app, PrintStream out) {
        Set<String> stages = new LinkedHashSet<>();
        app.model().stages().stream().map(Stage::id).forEach(stages::add);
        stages.addAll(checkpoint.before().keySet());
        out.printf(
                "%d leads replayed from %s, %d with a changed history%n",
                checkpoint.leads(), checkpoint.source(), checkpoint.changed());
        out.printf("  %-16s %8s %8s%n", "transitions to", "before", "after");
        for (String stage : stages) {
            long before = checkpoint.before().getOrDefault(stage, 0L);
            long after = checkpoint.after().getOrDefault(stage, 0L);
            out.printf("  %-16s %8d %8d%s%n", stage, before, after, before == after ? "" : "  *");
        }
    }
}
