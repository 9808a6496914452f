package dev.stageline.cli;

import dev.stageline.ingest.StandardWebhooks;
import dev.stageline.local.LocalRun;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code stageline sign} and {@code stageline send}: sign a body the way a sender would. */
final class SignCommands {

    private SignCommands() {}

    /** Prints {@code -H name:value} options for curl. */
    static int sign(List<String> args, PrintStream out) {
        Arguments arguments = new Arguments(args, Set.of("id", "secret", "timestamp"));
        if (arguments.positional().size() != 1) {
            throw new Arguments.UsageException("sign takes one FILE, the JSON body to sign");
        }
        Signed signed = signed(arguments, Path.of(arguments.positional().getFirst()));
        out.println(
                "-H webhook-id:"
                        + signed.id()
                        + " -H webhook-timestamp:"
                        + signed.timestamp()
                        + " -H webhook-signature:"
                        + signed.signature());
        return 0;
    }

    /** Signs FILE and posts it to the local stack's webhook route for SOURCE. */
    static int send(List<String> args, PrintStream out) {
        Arguments arguments = new Arguments(args, Set.of("id", "secret", "timestamp", "stack"));
        if (arguments.positional().size() != 2) {
            throw new Arguments.UsageException(
                    "send takes SOURCE and FILE, e.g. send web events/web/form-submitted.json");
        }
        Stack stack = Stack.read(Path.of(arguments.option("stack", Stack.DEFAULT_FILE.toString())));
        String source = arguments.positional().get(0);
        Signed signed = signed(arguments, Path.of(arguments.positional().get(1)));
        HttpResponse<String> response =
                stack.call(
                        HttpRequest.newBuilder(stack.api().resolve("/webhooks/" + source))
                                .header("content-type", "application/json")
                                .header("webhook-id", signed.id())
                                .header("webhook-timestamp", Long.toString(signed.timestamp()))
                                .header("webhook-signature", signed.signature())
                                .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body())));
        out.println("HTTP " + response.statusCode());
        out.print(response.body());
        return response.statusCode() < 300 ? 0 : 1;
    }

    private record Signed(String id, long timestamp, String signature, byte[] body) {}

    private static Signed signed(Arguments arguments, Path file) {
        byte[] body;
        try {
            body = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CommandException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String secret =
                arguments
                        .option("secret")
                        .or(
                                () ->
                                        java.util.Optional.ofNullable(
                                                System.getenv("STAGELINE_SECRET_WEB")))
                        .orElse(LocalRun.DEV_SECRET);
        StandardWebhooks scheme;
        try {
            scheme = StandardWebhooks.fromSecret(secret);
        } catch (IllegalArgumentException e) {
            throw new Arguments.UsageException("--secret must be whsec_ followed by base64");
        }
        String id = arguments.option("id", "msg_" + UUID.randomUUID().toString().replace("-", ""));
        long timestamp;
        try {
            timestamp =
                    arguments
                            .option("timestamp")
                            .map(Long::parseLong)
                            .orElse(Instant.now().getEpochSecond());
        } catch (NumberFormatException e) {
            throw new Arguments.UsageException("--timestamp must be Unix seconds");
        }
        return new Signed(id, timestamp, scheme.sign(id, timestamp, body), body);
    }
}
