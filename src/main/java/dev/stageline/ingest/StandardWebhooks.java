package dev.stageline.ingest;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies requests signed by the Standard Webhooks scheme: an HMAC-SHA256 over {@code
 * id.timestamp.body}, keyed by the base64 part of a {@code whsec_} secret, sent as space-separated
 * {@code v1,<base64>} entries. Timestamps more than five minutes from now are refused, so a
 * captured request cannot be replayed later.
 *
 * <pre>{@code
 * StandardWebhooks scheme = StandardWebhooks.fromSecret("whsec_...");
 * scheme.verify(headers, body, clock.instant()); // throws RejectedRequest when it fails
 * }</pre>
 */
public final class StandardWebhooks {

    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String PREFIX = "whsec_";

    private final byte[] key;

    private StandardWebhooks(byte[] key) {
        this.key = key;
    }

    /**
     * @throws IllegalArgumentException if the secret is not {@code whsec_} followed by base64
     */
    public static StandardWebhooks fromSecret(String secret) {
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "a Standard Webhooks secret is whsec_ followed by base64", e);
        }
        if (key.length < 16) {
            throw new IllegalArgumentException(
                    "a Standard Webhooks secret holds at least 16 bytes; this one holds "
                            + key.length);
        }
        return new StandardWebhooks(key);
    }

    /** The {@code webhook-signature} value for a message: one {@code v1,} entry. */
    public String sign(String id, long timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(mac(id, timestamp, body));
    }

    /**
     * Checks the three {@code webhook-*} headers (names lower case) against the raw body.
     *
     * @return the message id, the idempotency key of the delivery
     * @throws RejectedRequest if a header is missing, the timestamp is stale or no entry matches
     */
    public String verify(Map<String, String> headers, byte[] body, Instant now) {
        String id = header(headers, "webhook-id");
        String timestampText = header(headers, "webhook-timestamp");
        String signatures = header(headers, "webhook-signature");

        long timestamp;
        try {
            timestamp = Long.parseLong(timestampText.trim());
        } catch (NumberFormatException e) {
            throw RejectedRequest.unauthorized(
                    "bad_timestamp",
                    "webhook-timestamp must be Unix seconds, got '"
                            + abbreviate(timestampText)
                            + "'");
        }
        long skew = now.getEpochSecond() - timestamp;
        if (Math.abs(skew) > TOLERANCE.toSeconds()) {
            throw RejectedRequest.unauthorized(
                    "stale_timestamp",
                    "webhook-timestamp is "
                            + Math.abs(skew)
                            + " s "
                            + (skew > 0 ? "in the past" : "in the future")
                            + "; at most "
                            + TOLERANCE.toSeconds()
                            + " s either way is accepted");
        }

        byte[] expected = mac(id, timestamp, body);
        for (String entry : signatures.trim().split(" +")) {
            if (entry.startsWith("v1,") && matches(expected, entry.substring(3))) {
                return id;
            }
        }
        throw RejectedRequest.unauthorized(
                "bad_signature",
                "no webhook-signature entry matches the body; check the source's secret");
    }

    private static boolean matches(byte[] expected, String encoded) {
        try {
            return MessageDigest.isEqual(expected, Base64.getDecoder().decode(encoded));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] mac(String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }

    private static String header(Map<String, String> headers, String name) {
        return Optional.ofNullable(headers.get(name))
                .filter(value -> !value.isBlank())
                .orElseThrow(
                        () ->
                                RejectedRequest.unauthorized(
                                        "missing_signature",
                                        "the "
                                                + name
                                                + " header is missing; sign requests with Standard"
                                                + " Webhooks"));
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
