package dev.stageline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stageline.engine.LeadEvent;
import dev.stageline.testing.TestEndpoint;
import dev.stageline.testing.TestStack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code stageline replay} against a running local stack, found through its stack file. */
class ReplayCommandIntegrationTest {

    private static TestStack stack;
    private static Path stackFile;

    @BeforeAll
    static void start() throws Exception {
        stack = TestStack.start("models/default.yaml");
        var settings = stack.run().app().settings();
        stackFile = Files.createTempDirectory("replay-cli").resolve("stack.json");
        new ObjectMapper()
                .writeValue(
                        stackFile.toFile(),
                        Map.of(
                                "api", stack.uri("/").toString(),
                                "endpoint", TestEndpoint.get().toString(),
                                "leadTable", settings.leadTable(),
                                "reportTable", settings.reportTable(),
                                "model", settings.model()));
        stack.run()
                .app()
                .events()
                .store(
                        "web",
                        List.of(
                                new LeadEvent(
                                        "web:C-1",
                                        "c1",
                                        Instant.parse("2026-11-04T08:00:00Z"),
                                        "form_submitted",
                                        Map.of("score", BigDecimal.valueOf(60))),
                                new LeadEvent(
                                        "web:C-2",
                                        "c2",
                                        Instant.parse("2026-11-04T09:00:00Z"),
                                        "form_submitted",
                                        Map.of("score", BigDecimal.valueOf(80)))));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static String run(List<String> args, int expectedExit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit =
                Main.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, exit, text);
        return text;
    }

    @Test
    void replay_whenModelGiven_printsPagesAndTheTransitionsPerStageBeforeAndAfter() {
        String model = "src/test/resources/models/default-mql-70.yaml";

        String text =
                run(List.of("replay", "--model", model, "--stack", stackFile.toString(),
                        "--page-size", "3"), 0);

        assertTrue(text.contains("  page 1: 3 items read"), text);
        assertTrue(text.contains("2 leads replayed from default@"), text);
        assertTrue(text.contains("2 with a changed history"), text);
        assertTrue(text.matches("(?s).*\\n  lead +2 +2\\n.*"), text);
        assertTrue(text.matches("(?s).*\\n  mql +2 +1  \\*\\n.*"), text);
        assertTrue(text.contains("note: the running stack still runs models/default.yaml"), text);
        assertTrue(text.contains("Restart it with --model " + model), text);
        assertTrue(text.contains("the reports are recomputed"), text);
    }

    @Test
    void replay_whenPageSizeIsNotANumber_isAUsageError() {
        String text =
                run(List.of("replay", "--page-size", "lots", "--stack", stackFile.toString()), 2);

        assertTrue(text.contains("--page-size must be a whole number from 1 to 1000"), text);
    }
}
