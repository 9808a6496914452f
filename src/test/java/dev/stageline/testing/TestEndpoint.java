package dev.stageline.testing;

import dev.stageline.local.MotoServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The DynamoDB endpoint the integration tests use, found the same way the local run finds it:
 * {@code AWS_ENDPOINT_URL} when set (LocalStack, or a moto already running), otherwise a moto
 * server started once for the whole test run and stopped when the JVM exits.
 */
public final class TestEndpoint {

    private static URI endpoint;

    private TestEndpoint() {}

    public static synchronized URI get() {
        if (endpoint == null) {
            endpoint = Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL"))
                    .filter(s -> !s.isBlank())
                    .map(URI::create)
                    .orElseGet(TestEndpoint::startMoto);
        }
        return endpoint;
    }

    private static URI startMoto() {
        MotoServer moto = MotoServer.start(Path.of("target", "moto-test.log"));
        Runtime.getRuntime().addShutdownHook(new Thread(moto::close));
        return moto.endpoint();
    }
}
