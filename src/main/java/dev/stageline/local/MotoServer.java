package dev.stageline.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A moto server on the loopback interface, standing in for DynamoDB and its streams on a machine
 * without AWS. Started as a child process on a free port and stopped on {@link #close()}.
 *
 * <pre>{@code
 * try (MotoServer moto = MotoServer.start(Path.of("target/moto.log"))) {
 *     DynamoDbClient dynamo = Dynamo.client(Optional.of(moto.endpoint()));
 * }
 * }</pre>
 */
public final class MotoServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts {@code moto_server} (found on the PATH, or named by {@code STAGELINE_MOTO}) and waits
     * until it answers. Takes a few seconds.
     *
     * @throws IllegalStateException if moto_server is missing or does not come up
     */
    public static MotoServer start(Path log) {
        int port = freePort();
        String command = System.getenv().getOrDefault("STAGELINE_MOTO", "moto_server");
        Process process;
        try {
            java.nio.file.Files.createDirectories(log.toAbsolutePath().getParent());
            process =
                    new ProcessBuilder(
                                    List.of(
                                            command,
                                            "-H",
                                            "127.0.0.1",
                                            "-p",
                                            Integer.toString(port)))
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start "
                            + command
                            + " (is moto installed? pip install 'moto[server]'), or set"
                            + " AWS_ENDPOINT_URL to a running endpoint",
                    e);
        }
        MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
        server.awaitReady(log);
        return server;
    }

    public URI endpoint() {
        return endpoint;
    }

    private void awaitReady(Path log) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "moto_server exited with " + process.exitValue() + "; see " + log);
            }
            if (answers()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for moto_server", e);
            }
        }
        close();
        throw new IllegalStateException(
                "moto_server did not answer within " + START_TIMEOUT + "; see " + log);
    }

    private boolean answers() {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
