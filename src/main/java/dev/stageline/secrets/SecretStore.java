package dev.stageline.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stageline.store.Dynamo;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Looks secrets up by their reference ({@link SecretReference}) and keeps each answer for {@link
 * #TTL}, so that a container asks SSM or Secrets Manager about once every five minutes per secret,
 * however many requests (refused ones included) it serves, and still picks up a rotated secret
 * without a redeploy. A failed lookup is kept for {@link #FAILURE_TTL}, so an outage or a missing
 * permission does not turn into a storm of calls either.
 *
 * <p>A secret that does not exist reads as empty (the source then answers 503); one that cannot be
 * read throws {@link SecretUnavailableException}. The SSM and Secrets Manager clients are built on
 * first use only: a stack whose secrets all live in the environment never pays for them.
 *
 * <pre>{@code
 * SecretStore secrets = SecretStore.create(environment, endpoint, Clock.systemUTC());
 * Optional<String> secret = secrets.apply("ssm:/stageline/webflow");
 * }</pre>
 */
public final class SecretStore implements Function<String, Optional<String>> {

    public static final Duration TTL = Duration.ofMinutes(5);
    public static final Duration FAILURE_TTL = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, Optional<String>> environment;
    private final Supplier<SsmClient> ssm;
    private final Supplier<SecretsManagerClient> secretsManager;
    private final Clock clock;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    /** A lookup's outcome: a value, no value, or a failure, each good until {@code until}. */
    private record Answer(
            Optional<String> value, Optional<SecretUnavailableException> failure, Instant until) {}

    public SecretStore(
            Function<String, Optional<String>> environment,
            Supplier<SsmClient> ssm,
            Supplier<SecretsManagerClient> secretsManager,
            Clock clock) {
        this.environment = environment;
        this.ssm = memoize(ssm);
        this.secretsManager = memoize(secretsManager);
        this.clock = clock;
    }

    /**
     * A store whose AWS clients talk to {@code endpoint} when given (moto, LocalStack), otherwise
     * to the region's services with the function's credentials.
     *
     * @param environment reads an environment variable
     */
    public static SecretStore create(
            Function<String, Optional<String>> environment, Optional<URI> endpoint, Clock clock) {
        return new SecretStore(
                environment,
                () -> ssmClient(endpoint),
                () -> secretsManagerClient(endpoint),
                clock);
    }

    /**
     * The secret {@code reference} names, or empty when it does not exist.
     *
     * @throws IllegalArgumentException if {@code reference} is not a secret reference
     * @throws SecretUnavailableException if the secret exists but cannot be read
     */
    @Override
    public Optional<String> apply(String reference) {
        SecretReference parsed = SecretReference.parse(reference);
        Instant now = clock.instant();
        Answer answer =
                answers.compute(
                        reference,
                        (key, kept) ->
                                kept != null && now.isBefore(kept.until())
                                        ? kept
                                        : lookUp(parsed, now));
        if (answer.failure().isPresent()) {
            throw answer.failure().get();
        }
        return answer.value();
    }

    private Answer lookUp(SecretReference reference, Instant now) {
        try {
            Optional<String> value = read(reference).filter(v -> !v.isBlank());
            return new Answer(value, Optional.empty(), now.plus(TTL));
        } catch (SecretUnavailableException e) {
            return new Answer(Optional.empty(), Optional.of(e), now.plus(FAILURE_TTL));
        }
    }

    private Optional<String> read(SecretReference reference) {
        return switch (reference) {
            case SecretReference.Environment env -> environment.apply(env.name());
            case SecretReference.File file -> file(file);
            case SecretReference.Parameter parameter -> parameter(parameter);
            case SecretReference.ManagedSecret secret -> managedSecret(secret);
        };
    }

    private static Optional<String> file(SecretReference.File file) {
        try {
            return Optional.of(Files.readString(file.path()).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new SecretUnavailableException(
                    file.text() + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
    }

    private Optional<String> parameter(SecretReference.Parameter parameter) {
        try {
            return Optional.of(
                    ssm.get()
                            .getParameter(b -> b.name(parameter.name()).withDecryption(true))
                            .parameter()
                            .value());
        } catch (ParameterNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw unavailable(parameter, e);
        }
    }

    private Optional<String> managedSecret(SecretReference.ManagedSecret secret) {
        GetSecretValueResponse response;
        try {
            response = secretsManager.get().getSecretValue(b -> b.secretId(secret.id()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw unavailable(secret, e);
        }
        if (response.secretString() == null) {
            throw new SecretUnavailableException(
                    secret.text() + " holds binary data; store the secret as a string");
        }
        if (secret.field().isEmpty()) {
            return Optional.of(response.secretString());
        }
        return field(secret, response.secretString());
    }

    private static Optional<String> field(SecretReference.ManagedSecret secret, String text) {
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SecretUnavailableException(
                    secret.text() + " names a field, but the secret is not a JSON object");
        }
        if (json == null || !json.isObject()) {
            throw new SecretUnavailableException(
                    secret.text() + " names a field, but the secret is not a JSON object");
        }
        JsonNode value = json.path(secret.field().orElseThrow());
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new SecretUnavailableException(
                    secret.text() + ": the field is not a string in the secret's JSON");
        }
        return Optional.of(value.textValue());
    }

    private static SecretUnavailableException unavailable(
            SecretReference reference, SdkException e) {
        String reason =
                e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws
                                && aws.awsErrorDetails() != null
                        ? aws.awsErrorDetails().errorCode()
                        : e.getClass().getSimpleName();
        return new SecretUnavailableException(
                reference.text() + " cannot be read (" + reason + ")", e);
    }

    private static SsmClient ssmClient(Optional<URI> endpoint) {
        var builder =
                SsmClient.builder()
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .region(Dynamo.region());
        endpoint.ifPresent(
                uri ->
                        builder.endpointOverride(uri)
                                .credentialsProvider(Dynamo.localCredentials()));
        return builder.build();
    }

    private static SecretsManagerClient secretsManagerClient(Optional<URI> endpoint) {
        var builder =
                SecretsManagerClient.builder()
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .region(Dynamo.region());
        endpoint.ifPresent(
                uri ->
                        builder.endpointOverride(uri)
                                .credentialsProvider(Dynamo.localCredentials()));
        return builder.build();
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
