package dev.stageline.store;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.net.URI;
import java.util.Optional;

/**
 * Builds the DynamoDB clients. In Lambda the region and credentials come from the environment; with
 * {@code AWS_ENDPOINT_URL} set (moto, LocalStack) they point there instead, with dummy credentials
 * when none are configured. Building a client is expensive: do it once per container.
 */
public final class Dynamo {

    private Dynamo() {}

    public static DynamoDbClient client(Optional<URI> endpoint) {
        var builder =
                DynamoDbClient.builder()
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .region(region());
        endpoint.ifPresent(
                uri -> builder.endpointOverride(uri).credentialsProvider(localCredentials()));
        return builder.build();
    }

    public static DynamoDbStreamsClient streamsClient(Optional<URI> endpoint) {
        var builder =
                DynamoDbStreamsClient.builder()
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .region(region());
        endpoint.ifPresent(
                uri -> builder.endpointOverride(uri).credentialsProvider(localCredentials()));
        return builder.build();
    }

    /** The endpoint that {@code AWS_ENDPOINT_URL} names, if any. */
    public static Optional<URI> endpoint() {
        return Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL"))
                .filter(s -> !s.isBlank())
                .map(URI::create);
    }

    /** The region from {@code AWS_REGION} or {@code AWS_DEFAULT_REGION}, else us-east-1. */
    public static Region region() {
        String name =
                Optional.ofNullable(System.getenv("AWS_REGION"))
                        .or(() -> Optional.ofNullable(System.getenv("AWS_DEFAULT_REGION")))
                        .orElse("us-east-1");
        return Region.of(name);
    }

    /** Credentials for a local endpoint: the configured ones if any, else dummies. */
    public static software.amazon.awssdk.auth.credentials.AwsCredentialsProvider
            localCredentials() {
        if (System.getenv("AWS_ACCESS_KEY_ID") != null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }
}
