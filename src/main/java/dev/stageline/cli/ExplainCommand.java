package dev.stageline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stageline.engine.ConditionEvaluator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code stageline explain LEADKEY}: a lead's history in words, each stage change with the rule and
 * the values its tests saw, then the rules that could move it on and which of their tests fail.
 */
final class ExplainCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExplainCommand() {}

    static int run(List<String> args, PrintStream out) {
        Arguments arguments = new Arguments(args, Set.of("stack"));
        if (arguments.positional().size() != 1 || arguments.positional().getFirst().isBlank()) {
            throw new Arguments.UsageException("explain takes one LEADKEY, such as web:L-1001");
        }
        Stack stack = Stack.read(Path.of(arguments.option("stack", Stack.DEFAULT_FILE.toString())));
        String leadKey = arguments.positional().getFirst();
        HttpResponse<String> response =
                stack.get(
                        "/leads/"
                                + URLEncoder.encode(leadKey, StandardCharsets.UTF_8)
                                        .replace("+", "%20"));
        JsonNode lead;
        try {
            lead = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CommandException("the stack's answer is not JSON: " + e.getMessage(), e);
        }
        if (response.statusCode() != 200) {
            throw new CommandException(lead.path("message").asText(response.body()));
        }
        out.print(render(lead));
        return 0;
    }

    static String render(JsonNode lead) {
        StringBuilder text = new StringBuilder();
        text.append(lead.path("leadKey").asText())
                .append(" is in ")
                .append(lead.path("stageName").asText("no stage"))
                .append(" (model ")
                .append(lead.path("model").asText())
                .append(", ")
                .append(lead.path("events").asInt())
                .append(" events)\n");
        identity(text, lead);
        text.append("\nHow it got there:\n");
        for (JsonNode t : lead.path("transitions")) {
            text.append("  ")
                    .append(t.path("at").asText())
                    .append("  ")
                    .append(t.path("from").isNull() ? "(none)" : t.path("from").asText())
                    .append(" -> ")
                    .append(t.path("to").asText())
                    .append("  by rule ")
                    .append(t.path("rule").asText())
                    .append(
                            t.path("eventId").isTextual()
                                    ? " on event " + t.path("eventId").asText()
                                    : " as time passed")
                    .append(t.path("passedThrough").asBoolean() ? "  (passed through)" : "")
                    .append('\n');
            tests(text, t.path("explanation"));
        }
        text.append("\nWhat could move it on:\n");
        if (lead.path("nextRules").isEmpty()) {
            text.append("  nothing: no rule leaves this stage\n");
        }
        for (JsonNode rule : lead.path("nextRules")) {
            text.append("  rule ")
                    .append(rule.path("rule").asText())
                    .append(" -> ")
                    .append(rule.path("to").asText())
                    .append(rule.path("holdsNow").asBoolean() ? "  (holds now)" : "")
                    .append('\n');
            tests(text, rule.path("tests"));
        }
        return text.toString();
    }

    /** Which other keys the lead is also known by, and where the key asked for went. */
    private static void identity(StringBuilder text, JsonNode lead) {
        String asked = lead.path("requestedKey").asText(lead.path("leadKey").asText());
        if (!asked.equals(lead.path("leadKey").asText())) {
            text.append("  (asked for ")
                    .append(asked)
                    .append(", which was merged into ")
                    .append(lead.path("leadKey").asText())
                    .append(")\n");
        }
        if (!lead.path("mergedKeys").isEmpty()) {
            List<String> keys = new ArrayList<>();
            lead.path("mergedKeys").forEach(key -> keys.add(key.asText()));
            text.append("  also known as: ").append(String.join(", ", keys)).append('\n');
        }
    }

    private static void tests(StringBuilder text, JsonNode tests) {
        for (JsonNode test : tests) {
            String seen = test.path("seen").asText();
            text.append("      ")
                    .append(test.path("held").asBoolean() ? "[x] " : "[ ] ")
                    .append(test.path("test").asText())
                    .append("  (saw ")
                    .append(
                            seen.isEmpty() || seen.equals(ConditionEvaluator.NO_EVENT)
                                    ? "no event yet"
                                    : seen)
                    .append(")\n");
        }
    }
}
