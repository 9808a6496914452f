package dev.stageline.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stageline.store.Dynamo;
import dev.stageline.testing.TestEndpoint;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Secret references resolved against the environment, files, and SSM and Secrets Manager on the
 * test endpoint (moto). Each test uses its own names, so the tests share one moto server.
 */
class SecretStoreTest {

    private static SsmClient ssm;
    private static SecretsManagerClient secretsManager;

    @TempDir Path dir;

    private final String prefix = "/stageline-test/" + UUID.randomUUID() + "/";

    @BeforeAll
    static void clients() {
        ssm =
                SsmClient.builder()
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .region(Dynamo.region())
                        .endpointOverride(TestEndpoint.get())
                        .credentialsProvider(Dynamo.localCredentials())
                        .build();
        secretsManager =
                SecretsManagerClient.builder()
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .region(Dynamo.region())
                        .endpointOverride(TestEndpoint.get())
                        .credentialsProvider(Dynamo.localCredentials())
                        .build();
    }

    /** A clock the test moves by hand. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-11-02T09:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static SecretStore store(Map<String, String> env, Clock clock) {
        return SecretStore.create(
                name -> Optional.ofNullable(env.get(name)), Optional.of(TestEndpoint.get()), clock);
    }

    private void putParameter(String name, String value) {
        ssm.putParameter(
                b -> b.name(name).value(value).type(ParameterType.SECURE_STRING).overwrite(true));
    }

    @Test
    void apply_whenEnvironmentName_readsTheVariable() {
        SecretStore store =
                store(Map.of("STAGELINE_SECRET_FORM", "s3cret-token-0123"), Clock.systemUTC());

        assertEquals(Optional.of("s3cret-token-0123"), store.apply("STAGELINE_SECRET_FORM"));
        assertEquals(Optional.empty(), store.apply("STAGELINE_SECRET_OTHER"));
    }

    @Test
    void apply_whenFile_readsItWithoutTheTrailingNewline() throws IOException {
        Path file = dir.resolve("webflow");
        Files.writeString(file, "file-secret-0123456789\n");
        SecretStore store = store(Map.of(), Clock.systemUTC());

        assertEquals(Optional.of("file-secret-0123456789"), store.apply("file:" + file));
        assertEquals(Optional.empty(), store.apply("file:" + dir.resolve("absent")));
    }

    @Test
    void apply_whenSsmSecureString_readsItDecrypted() {
        putParameter(prefix + "webflow", "ssm-secret-0123456789");
        SecretStore store = store(Map.of(), Clock.systemUTC());

        assertEquals(
                Optional.of("ssm-secret-0123456789"), store.apply("ssm:" + prefix + "webflow"));
        assertEquals(Optional.empty(), store.apply("ssm:" + prefix + "absent"));
    }

    @Test
    void apply_whenSecretsManager_readsTheStringOrOneFieldOfIt() {
        String name = "stageline-test/" + UUID.randomUUID();
        secretsManager.createSecret(
                b -> b.name(name).secretString("{\"webflow\":\"sm-webflow-0123456789\",\"n\":5}"));
        String plain = "stageline-test/" + UUID.randomUUID();
        secretsManager.createSecret(b -> b.name(plain).secretString("sm-plain-0123456789"));
        SecretStore store = store(Map.of(), Clock.systemUTC());

        assertEquals(Optional.of("sm-plain-0123456789"), store.apply("secretsmanager:" + plain));
        assertEquals(
                Optional.of("sm-webflow-0123456789"),
                store.apply("secretsmanager:" + name + "#webflow"));
        assertEquals(Optional.empty(), store.apply("secretsmanager:" + name + "#unbounce"));
        assertEquals(Optional.empty(), store.apply("secretsmanager:stageline-test/absent-" + name));
        SecretUnavailableException notText =
                assertThrows(
                        SecretUnavailableException.class,
                        () -> store.apply("secretsmanager:" + name + "#n"));
        assertTrue(notText.getMessage().contains("not a string"), notText.getMessage());
        SecretUnavailableException notJson =
                assertThrows(
                        SecretUnavailableException.class,
                        () -> store.apply("secretsmanager:" + plain + "#webflow"));
        assertTrue(notJson.getMessage().contains("not a JSON object"), notJson.getMessage());
    }

    @Test
    void apply_whenAskedAgainWithinTheTtl_keepsTheFirstAnswer() {
        String name = prefix + "rotating";
        putParameter(name, "first-value-0123456789");
        MovingClock clock = new MovingClock();
        SecretStore store = store(Map.of(), clock);
        assertEquals(Optional.of("first-value-0123456789"), store.apply("ssm:" + name));

        putParameter(name, "second-value-0123456789");
        clock.advance(SecretStore.TTL.minusSeconds(1));
        assertEquals(Optional.of("first-value-0123456789"), store.apply("ssm:" + name));

        clock.advance(Duration.ofSeconds(2));
        assertEquals(Optional.of("second-value-0123456789"), store.apply("ssm:" + name));
    }

    @Test
    void apply_whenManyLookupsWithinTheTtl_asksTheStoreOnce() {
        AtomicInteger reads = new AtomicInteger();
        SecretStore store =
                new SecretStore(
                        name -> {
                            reads.incrementAndGet();
                            return Optional.of("value-" + name);
                        },
                        () -> ssm,
                        () -> secretsManager,
                        Clock.systemUTC());

        for (int i = 0; i < 1000; i++) {
            store.apply("STAGELINE_SECRET_WEBFLOW");
        }

        assertEquals(1, reads.get());
    }

    @Test
    void apply_whenTheStoreFails_throwsAndAsksAgainOnlyAfterTheFailureTtl() {
        AtomicInteger builds = new AtomicInteger();
        MovingClock clock = new MovingClock();
        SecretStore store =
                new SecretStore(
                        name -> Optional.empty(),
                        () -> {
                            builds.incrementAndGet();
                            return SsmClient.builder()
                                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                                    .region(Dynamo.region())
                                    // nothing listens on port 9 of the loopback interface
                                    .endpointOverride(java.net.URI.create("http://127.0.0.1:9"))
                                    .credentialsProvider(Dynamo.localCredentials())
                                    .overrideConfiguration(
                                            c -> c.retryStrategy(r -> r.maxAttempts(1)))
                                    .build();
                        },
                        () -> secretsManager,
                        clock);

        SecretUnavailableException first =
                assertThrows(
                        SecretUnavailableException.class, () -> store.apply("ssm:/stageline/x"));
        assertTrue(
                first.getMessage().startsWith("ssm:/stageline/x cannot be read"),
                first.getMessage());
        SecretUnavailableException kept =
                assertThrows(
                        SecretUnavailableException.class, () -> store.apply("ssm:/stageline/x"));
        assertEquals(first, kept);
        clock.advance(SecretStore.FAILURE_TTL.plusSeconds(1));
        SecretUnavailableException again =
                assertThrows(
                        SecretUnavailableException.class, () -> store.apply("ssm:/stageline/x"));
        assertTrue(again != first);
        assertEquals(1, builds.get());
    }

    @Test
    void apply_whenReferenceMalformed_namesTheRule() {
        SecretStore store = store(Map.of(), Clock.systemUTC());

        for (String bad :
                new String[] {
                    "file:relative/path",
                    "ssm:",
                    "ssm:/bad name",
                    "secretsmanager:",
                    "secretsmanager:x#",
                    "lower-case-dash",
                    "1STARTS_WITH_DIGIT"
                }) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> store.apply(bad), bad);
            assertTrue(e.getMessage().startsWith("secret reference '"), e.getMessage());
        }
    }
}
