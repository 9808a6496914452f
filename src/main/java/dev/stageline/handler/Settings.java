package dev.stageline.handler;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a Stageline process finds its tables, model and sources. In Lambda these come from the
 * function's environment, as {@code template.yaml} sets it; a local run builds them itself.
 *
 * @param secrets looks up a source's secret by name
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

    /** Reads the settings of a Lambda container from its environment variables. */
    public static Settings fromEnvironment(Map<String, String> env) {
        return new Settings(
                required(env, "LEAD_TABLE"),
                required(env, "REPORT_TABLE"),
                env.getOrDefault("STAGELINE_MODEL", DEFAULT_MODEL),
                env.getOrDefault("STAGELINE_SOURCES", DEFAULT_SOURCES),
                Optional.ofNullable(env.get("AWS_ENDPOINT_URL"))
                        .filter(s -> !s.isBlank())
                        .map(URI::create),
                name -> Optional.ofNullable(env.get(name)).filter(s -> !s.isBlank()));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }
}
