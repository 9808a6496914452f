package dev.stageline.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a form tool proves that a post comes from it. Senders that can sign use Standard Webhooks;
 * those that cannot (most form tools, Unbounce among them) send a shared token, in a header or, for
 * tools that allow nothing else, in the query string. Tokens are compared in constant time, as
 * digests, so that neither their content nor their length leaks through timing. There is no scheme
 * without authentication: a source must name one.
 */
public sealed interface FormAuth {

    /** Tokens shorter than this are guessable; they stop start-up. */
    int MIN_TOKEN_LENGTH = 16;

    /** The configuration's name of the scheme. */
    String scheme();

    /**
     * Checks the request against {@code secret}.
     *
     * @return the sender's delivery id when the scheme has one
     * @throws RejectedRequest 401 when the request does not prove its sender
     */
    Optional<String> verify(WebhookRequest request, String secret, Instant now);

    /** Why {@code secret} cannot serve this scheme, if it cannot. */
    Optional<String> secretProblem(String secret);

    /** Standard Webhooks signatures: the sender's message id is the delivery id. */
    record Signed() implements FormAuth {
        @Override
        public String scheme() {
            return "standard-webhooks";
        }

        @Override
        public Optional<String> verify(WebhookRequest request, String secret, Instant now) {
            StandardWebhooks signatures;
            try {
                signatures = StandardWebhooks.fromSecret(secret);
            } catch (IllegalArgumentException e) {
                throw new RejectedRequest(
                        503,
                        "source_unavailable",
                        "the source's secret is not usable; its operator must fix it");
            }
            return Optional.of(signatures.verify(request.headers(), request.body(), now));
        }

        @Override
        public Optional<String> secretProblem(String secret) {
            try {
                StandardWebhooks.fromSecret(secret);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        }
    }

    /** A shared token in the header {@code name} (lower case). */
    record HeaderToken(String name) implements FormAuth {
        @Override
        public String scheme() {
            return "header";
        }

        @Override
        public Optional<String> verify(WebhookRequest request, String secret, Instant now) {
            check(request.header(name), secret, "the " + name + " header");
            return Optional.empty();
        }

        @Override
        public Optional<String> secretProblem(String secret) {
            return tokenProblem(secret);
        }
    }

    /** A shared token in the query parameter {@code name}, for senders that set no headers. */
    record QueryToken(String name) implements FormAuth {
        @Override
        public String scheme() {
            return "query";
        }

        @Override
        public Optional<String> verify(WebhookRequest request, String secret, Instant now) {
            List<Object> given =
                    FormBody.forLimits(SourceLimits.DEFAULT).parseQuery(request.query()).all(name);
            if (given.size() > 1) {
                throw RejectedRequest.unauthorized(
                        "bad_token", "the query parameter " + name + " is given more than once");
            }
            check(
                    given.isEmpty() ? "" : given.get(0).toString(),
                    secret,
                    "the query parameter " + name);
            return Optional.empty();
        }

        @Override
        public Optional<String> secretProblem(String secret) {
            return tokenProblem(secret);
        }
    }

    /** Reads {@code auth} and the keys of the scheme it names. */
    static FormAuth fromConfig(SourceConfig config) {
        String scheme =
                config.optionalText("auth")
                        .orElseThrow(
                                () ->
                                        config.problem(
                                                "'auth' is required: standard-webhooks, header or"
                                                    + " query (there is no unauthenticated form"
                                                    + " source)"));
        return switch (scheme) {
            case "standard-webhooks" -> new Signed();
            case "header" ->
                    new HeaderToken(
                            config.text("tokenHeader", "x-stageline-token")
                                    .toLowerCase(Locale.ROOT));
            case "query" -> new QueryToken(config.text("tokenParameter", "token"));
            default ->
                    throw config.problem(
                            "unknown auth '"
                                    + scheme
                                    + "'; known: standard-webhooks, header, query");
        };
    }

    private static void check(String given, String secret, String where) {
        if (given.isBlank()) {
            throw RejectedRequest.unauthorized(
                    "missing_token", where + " is missing; send the source's token in it");
        }
        if (!MessageDigest.isEqual(sha256(given), sha256(secret))) {
            throw RejectedRequest.unauthorized(
                    "bad_token", where + " does not hold the source's token");
        }
    }

    private static Optional<String> tokenProblem(String secret) {
        if (secret.length() < MIN_TOKEN_LENGTH) {
            return Optional.of(
                    "a token holds at least "
                            + MIN_TOKEN_LENGTH
                            + " characters; this one holds "
                            + secret.length());
        }
        if (!secret.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return Optional.of("a token is printable ASCII without spaces");
        }
        return Optional.empty();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }
}
