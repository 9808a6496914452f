package dev.stageline.testing;

import dev.stageline.local.MotoServer;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The DynamoDB endpoint the integration tests use, found the same way the local run finds it:
 * {@code AWS_ENDPOINT_URL} when set (a moto or LocalStack already running); LocalStack started
 * through Testcontainers when {@code STAGELINE_TEST_BACKEND=localstack} and a Docker engine
 * answers; otherwise a moto server started once for the whole test run. Whatever is started is
 * stopped when the JVM exits.
 */
public final class TestEndpoint {

    static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4";

    private static URI endpoint;

    private TestEndpoint() {}

    public static synchronized URI get() {
        if (endpoint == null) {
            endpoint =
                    Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL"))
                            .filter(s -> !s.isBlank())
                            .map(URI::create)
                            .orElseGet(
                                    () ->
                                            "localstack"
                                                            .equals(
                                                                    System.getenv(
                                                                            "STAGELINE_TEST_BACKEND"))
                                                    ? startLocalStack()
                                                    : startMoto());
        }
        return endpoint;
    }

    private static URI startMoto() {
        MotoServer moto = MotoServer.start(Path.of("target", "moto-test.log"));
        Runtime.getRuntime().addShutdownHook(new Thread(moto::close));
        return moto.endpoint();
    }

    private static URI startLocalStack() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException(
                    "STAGELINE_TEST_BACKEND=localstack needs a running Docker engine; "
                            + "unset it to test against moto");
        }
        LocalStackContainer localstack =
                new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE))
                        .withServices(LocalStackContainer.Service.DYNAMODB);
        localstack.start();
        Runtime.getRuntime().addShutdownHook(new Thread(localstack::stop));
        return localstack.getEndpoint();
    }
}
