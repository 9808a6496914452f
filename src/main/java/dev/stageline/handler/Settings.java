package dev.stageline.handler;

import dev.stageline.secrets.SecretStore;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a Stageline process finds its tables, model and sources. In Lambda these come from the
 * function's environment, as {@code template.yaml} sets it; a local run builds them itself.
 *
 * @param secrets looks up a source's secret by its reference
 */
public record Settings(
        String leadTable,
        String reportTable,
        String model,
        String sources,
        Optional<URI> endpoint,
        Function<String, Optional<String>> secrets) {

    public static final String DEFAULT_MODEL = "classpath:models/default.yaml";
    public static final String DEFAULT_SOURCES = "classpath:config/sources.yaml";

    /**
     * Reads the settings of a Lambda container from its environment variables. Secrets are found
     * by reference ({@link SecretStore}): environment variables, files, SSM parameters and Secrets
     * Manager secrets, the last two at {@code AWS_ENDPOINT_URL} when it is set.
     */
    public static Settings fromEnvironment(Map<String, String> env) {
        Optional<URI> endpoint =
                Optional.ofNullable(env.get("AWS_ENDPOINT_URL"))
                        .filter(s -> !s.isBlank())
                        .map(URI::create);
        return new Settings(
                required(env, "LEAD_TABLE"),
                required(env, "REPORT_TABLE"),
                env.getOrDefault("STAGELINE_MODEL", DEFAULT_MODEL),
                env.getOrDefault("STAGELINE_SOURCES", DEFAULT_SOURCES),
                endpoint,
                SecretStore.create(
                        name -> Optional.ofNullable(env.get(name)).filter(s -> !s.isBlank()),
                        endpoint,
                        Clock.systemUTC()));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }
}
