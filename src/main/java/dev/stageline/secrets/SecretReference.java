package dev.stageline.secrets;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a source's secret is kept, as {@code config/sources.yaml} names it: an environment variable
 * ({@code STAGELINE_SECRET_WEB}), a local file ({@code file:/run/secrets/web}), an SSM parameter
 * ({@code ssm:/stageline/web}) or a Secrets Manager secret ({@code
 * secretsmanager:stageline/webhooks#web}, where {@code #web} picks a field of a JSON secret).
 */
public sealed interface SecretReference {

    /** The reference as written in the configuration. */
    String text();

    record Environment(String name) implements SecretReference {
        @Override
        public String text() {
            return name;
        }
    }

    record File(Path path) implements SecretReference {
        @Override
        public String text() {
            return "file:" + path;
        }
    }

    record Parameter(String name) implements SecretReference {
        @Override
        public String text() {
            return "ssm:" + name;
        }
    }

    /**
     * @param field the field of a JSON secret to take; empty for the whole secret string
     */
    record ManagedSecret(String id, Optional<String> field) implements SecretReference {
        @Override
        public String text() {
            return "secretsmanager:" + id + field.map(f -> "#" + f).orElse("");
        }
    }

    /**
     * Reads a reference.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    static SecretReference parse(String text) {
        if (text.startsWith("file:")) {
            Path path = Path.of(text.substring("file:".length()));
            require(path.isAbsolute(), text, "a file reference is file: and an absolute path");
            return new File(path);
        }
        if (text.startsWith("ssm:")) {
            String name = text.substring("ssm:".length());
            require(
                    name.matches("[A-Za-z0-9_.\\-/:]{1,2048}"),
                    text,
                    "an SSM parameter name is 1 to 2048 letters, digits and _.-/");
            return new Parameter(name);
        }
        if (text.startsWith("secretsmanager:")) {
            String rest = text.substring("secretsmanager:".length());
            int hash = rest.indexOf('#');
            String id = hash < 0 ? rest : rest.substring(0, hash);
            Optional<String> field =
                    hash < 0 ? Optional.empty() : Optional.of(rest.substring(hash + 1));
            require(
                    id.matches("[A-Za-z0-9/_+=.@\\-:]{1,2048}"),
                    text,
                    "a Secrets Manager reference is a secret name or ARN,"
                            + " optionally followed by #field");
            require(
                    field.map(f -> !f.isBlank()).orElse(true),
                    text,
                    "the field after '#' is empty");
            return new ManagedSecret(id, field);
        }
        require(
                text.matches("[A-Za-z_][A-Za-z0-9_]{0,255}"),
                text,
                "a secret is an environment variable name or starts with file:, ssm: or"
                        + " secretsmanager:");
        return new Environment(text);
    }

    private static void require(boolean condition, String text, String rule) {
        if (!condition) {
            throw new IllegalArgumentException(
                    "secret reference '" + printable(text) + "' is not usable: " + rule);
        }
    }

    private static String printable(String text) {
        String cleaned = text.replaceAll("[^\\p{Print}]", "?");
        return cleaned.length() <= 80 ? cleaned : cleaned.substring(0, 80) + "...";
    }
}
