package dev.stageline.cli;

import dev.stageline.local.LocalRun;
import dev.stageline.store.Dynamo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code stageline local}: runs the stack until interrupted. */
final class LocalCommand {

    private LocalCommand() {}

    static int run(List<String> args, PrintStream out) {
        Arguments arguments =
                new Arguments(
                        args,
                        Set.of("port", "model", "sources", "template", "dir", "aggregate-every"));
        int port = port(arguments.option("port", "8080"));
        LocalRun.Options options =
                new LocalRun.Options(
                        arguments.option("model", "models/default.yaml"),
                        arguments.option("sources", "config/sources.yaml"),
                        Path.of(arguments.option("template", "template.yaml")),
                        port,
                        Path.of(arguments.option("dir", ".local")),
                        Dynamo.endpoint(),
                        "stageline",
                        arguments.option("aggregate-every").map(LocalCommand::interval));

        LocalRun run;
        try {
            run = LocalRun.start(options);
        } catch (IOException e) {
            throw new CommandException("cannot start the local stack: " + e.getMessage(), e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new CommandException(e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    run.close();
                                    stopped.countDown();
                                }));

        out.println("Stageline is running on " + run.apiUri() + " with model " + options.model());
        out.println(
                "  POST "
                        + run.apiUri()
                        + "/webhooks/web      (bin/stageline send web"
                        + " events/web/form-submitted.json)");
        out.println("  GET  " + run.apiUri() + "/leads/{leadKey}");
        out.println(
                "  GET  "
                        + run.apiUri()
                        + "/reports/funnel?granularity=month&from=2026-01-01&to=2027-01-01");
        out.println(
                "  POST "
                        + run.apiUri()
                        + "/admin/aggregate  (bin/stageline aggregate; also nightly at 00:15 "
                        + run.app().model().timeZone().getId()
                        + arguments.option("aggregate-every").map(e -> " and every " + e).orElse("")
                        + ")");
        boolean ownSecret =
                System.getenv("STAGELINE_SECRET_WEB") != null
                        && !System.getenv("STAGELINE_SECRET_WEB").isBlank();
        out.println(
                ownSecret
                        ? "The source 'web' uses the secret in STAGELINE_SECRET_WEB. Stop with"
                              + " Ctrl-C."
                        : "The source 'web' uses the public Standard Webhooks test secret "
                                + LocalRun.DEV_SECRET
                                + " (set STAGELINE_SECRET_WEB to use your own). Stop with Ctrl-C.");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static Duration interval(String text) {
        try {
            Duration every = Duration.parse(text);
            if (every.compareTo(Duration.ofSeconds(10)) < 0) {
                throw new Arguments.UsageException(
                        "--aggregate-every must be at least PT10S, got " + text);
            }
            return every;
        } catch (java.time.format.DateTimeParseException e) {
            throw new Arguments.UsageException(
                    "--aggregate-every takes an ISO-8601 duration such as PT5M, got '"
                            + text
                            + "'");
        }
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new Arguments.UsageException(
                    "--port must be a number from 0 to 65535, got '" + text + "'");
        }
    }
}
