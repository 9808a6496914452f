package dev.stageline.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code stageline} command: runs the stack locally and talks to it.
 *
 * <pre>
 * stageline local                 run everything on this machine (moto, API, stream, aggregation)
 * stageline send web FILE         sign FILE with the source's secret and post it to the local API
 * stageline sign FILE             print curl -H options that sign FILE (Standard Webhooks)
 * stageline import --mapping M F  load the CSV export F through ingestion and evaluation
 * stageline aggregate             compute the funnel figures now
 * stageline report                print a funnel report as a table
 * stageline replay                recompute every lead under the model, then switch readers to it
 * </pre>
 */
public final class Main {

    static final String USAGE =
            """
            usage: stageline <command> [options]

            commands:
              local      run Stageline on this machine: DynamoDB (moto), the HTTP API, the stream
                         and the evaluator   [--port 8080] [--model FILE] [--sources FILE]
                         [--template template.yaml] [--dir .local] [--aggregate-every PT5M]
              send       sign a JSON body and post it to the local API
                         send SOURCE FILE [--id MESSAGE_ID] [--secret whsec_...]
              sign       print curl options that sign a body: sign FILE [--id ID] [--secret whsec_...]
              import     load a CSV export: import --mapping MAPPING.yaml FILE.csv
              aggregate  compute the funnel figures now [--granularities day,week,month]
              explain    a lead's history and what could move it on: explain web:L-1001
              report     print a funnel report: report --granularity month --from 2026-01-01
                         --to 2026-07-01 [--dimension country] [--stages mql,won]
                         [--figures entered,balance]
              replay     recompute every lead's history under a model, then switch readers and
                         reports to it   [--model FILE] [--page-size 100]
            """;

    private Main() {}

    /** A failure in words: its message and its causes', without a stack trace. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 2_000; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (!text.toString().contains(message)) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.getFirst().equals("--help") || args.getFirst().equals("help")) {
            out.print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (args.getFirst()) {
                case "local" -> LocalCommand.run(rest, out);
                case "send" -> SignCommands.send(rest, out);
                case "sign" -> SignCommands.sign(rest, out);
                case "import" -> ImportCommand.run(rest, out);
                case "aggregate" -> StackCommands.aggregate(rest, out);
                case "report" -> StackCommands.report(rest, out);
                case "explain" -> ExplainCommand.run(rest, out);
                case "replay" -> ReplayCommand.run(rest, out);
                default ->
                        throw new Arguments.UsageException(
                                "unknown command '" + args.getFirst() + "'");
            };
        } catch (Arguments.UsageException e) {
            err.println("stageline: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (CommandException e) {
            err.println("stageline: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("stageline: " + describe(e));
            return 1;
        }
    }
}
