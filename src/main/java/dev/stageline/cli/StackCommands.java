package dev.stageline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** {@code stageline aggregate} and {@code stageline report}, against the running local stack. */
final class StackCommands {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> FIGURES =
            List.of(
                    "entered",
                    "enteredLeads",
                    "exited",
                    "advanced",
                    "balance",
                    "velocity",
                    "slaBreaches",
                    "slaPastDue",
                    "conversionToNext",
                    "conversionToLast");

    private StackCommands() {}

    static int aggregate(List<String> args, PrintStream out) {
        Arguments arguments = new Arguments(args, Set.of("granularities", "stack"));
        noPositional(arguments, "aggregate");
        Stack stack = Stack.read(Path.of(arguments.option("stack", Stack.DEFAULT_FILE.toString())));
        String body =
                arguments
                        .option("granularities")
                        .map(g -> "{\"granularities\":" + toJsonList(g) + "}")
                        .orElse("{}");
        HttpResponse<String> drained = stack.post("/admin/drain", "");
        if (drained.statusCode() != 200) {
            throw new CommandException("evaluating pending events failed: " + drained.body());
        }
        HttpResponse<String> response = stack.post("/admin/aggregate", body);
        if (response.statusCode() != 200) {
            throw new CommandException("aggregation refused: " + errorMessage(response.body()));
        }
        out.print(response.body());
        return 0;
    }

    /** Prints one row per period and one column per stage and figure. */
    static int report(List<String> args, PrintStream out) {
        Arguments arguments =
                new Arguments(
                        args,
                        Set.of(
                                "granularity",
                                "from",
                                "to",
                                "dimension",
                                "stages",
                                "figures",
                                "stack"));
        noPositional(arguments, "report");
        Stack stack = Stack.read(Path.of(arguments.option("stack", Stack.DEFAULT_FILE.toString())));
        String query =
                "granularity="
                        + encode(arguments.option("granularity", "month"))
                        + "&from="
                        + encode(
                                arguments
                                        .option("from")
                                        .orElseThrow(
                                                () ->
                                                        new Arguments.UsageException(
                                                                "report needs --from, a date such"
                                                                    + " as 2026-01-01")))
                        + "&to="
                        + encode(
                                arguments
                                        .option("to")
                                        .orElseThrow(
                                                () ->
                                                        new Arguments.UsageException(
                                                                "report needs --to, a date such as"
                                                                    + " 2026-07-01")))
                        + arguments
                                .option("dimension")
                                .map(d -> "&dimension=" + encode(d))
                                .orElse("");
        HttpResponse<String> response = stack.get("/reports/funnel?" + query);
        if (response.statusCode() != 200) {
            throw new CommandException(errorMessage(response.body()));
        }
        JsonNode report;
        try {
            report = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CommandException("the report is not JSON: " + e.getMessage(), e);
        }
        List<String> stages =
                arguments
                        .option("stages")
                        .map(StackCommands::split)
                        .orElseGet(
                                () -> {
                                    List<String> all = new ArrayList<>();
                                    report.path("stages")
                                            .forEach(s -> all.add(s.path("id").asText()));
                                    return all;
                                });
        List<String> known = new ArrayList<>();
        report.path("stages").forEach(s -> known.add(s.path("id").asText()));
        stages.stream()
                .filter(s -> !known.contains(s))
                .findFirst()
                .ifPresent(
                        s -> {
                            throw new Arguments.UsageException(
                                    "the model has no stage '" + s + "'; it has " + known);
                        });
        List<String> figures = split(arguments.option("figures", "entered"));
        if (stages.isEmpty() || figures.isEmpty()) {
            throw new Arguments.UsageException(
                    "--stages and --figures need at least one name each");
        }
        figures.stream()
                .filter(f -> !FIGURES.contains(f))
                .findFirst()
                .ifPresent(
                        f -> {
                            throw new Arguments.UsageException(
                                    "there is no figure '" + f + "'; use " + FIGURES);
                        });
        out.print(ReportTable.render(report, stages, figures));
        return 0;
    }

    private static void noPositional(Arguments arguments, String command) {
        if (!arguments.positional().isEmpty()) {
            throw new Arguments.UsageException(
                    command + " takes no arguments, got " + arguments.positional());
        }
    }

    private static String errorMessage(String body) {
        try {
            return JSON.readTree(body).path("message").asText(body.strip());
        } catch (IOException e) {
            return body.strip();
        }
    }

    private static List<String> split(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String toJsonList(String commaSeparated) {
        try {
            return JSON.writeValueAsString(split(commaSeparated));
        } catch (IOException e) {
            throw new CommandException("cannot encode " + commaSeparated, e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
