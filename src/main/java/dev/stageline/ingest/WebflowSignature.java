package dev.stageline.ingest;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webflow's request signature: {@code x-webflow-signature} is the hex HMAC-SHA256, keyed by the
 * webhook's secret, of {@code x-webflow-timestamp} (epoch milliseconds, as sent), a colon and the
 * raw body. Timestamps more than five minutes from now are refused, so a captured request cannot be
 * replayed later.
 */
public final class WebflowSignature {

    public static final Duration TOLERANCE = SignedTimes.TOLERANCE;

    private final byte[] key;

    public WebflowSignature(String secret) {
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code x-webflow-signature} value for {@code timestamp} and {@code body}. */
    public String sign(String timestamp, byte[] body) {
        return HexFormat.of().formatHex(mac(timestamp, body));
    }

    /**
     * @throws RejectedRequest 401 when a header is missing, the timestamp is stale or the
     *     signature does not match
     */
    public void verify(WebhookRequest request, Instant now) {
        String timestamp = request.header("x-webflow-timestamp").strip();
        String signature = request.header("x-webflow-signature").strip();
        if (timestamp.isEmpty() || signature.isEmpty()) {
            throw RejectedRequest.unauthorized(
                    "missing_signature",
                    "the x-webflow-timestamp and x-webflow-signature headers are required; create"
                            + " the webhook through Webflow's API so that it is signed");
        }
        SignedTimes.requireFreshMillis("x-webflow-timestamp", timestamp, now);
        if (!matches(mac(timestamp, request.body()), signature)) {
            throw RejectedRequest.unauthorized(
                    "bad_signature",
                    "x-webflow-signature does not match the body; check the source's secret");
        }
    }

    private static boolean matches(byte[] expected, String hex) {
        try {
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] mac(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
