package dev.stageline.ingest;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Typeform's {@code Typeform-Signature} header: {@code sha256=} and the base64 HMAC-SHA256
 * of the raw body, keyed by the secret set on the form's webhook. Typeform sends no timestamp, so
 * replays are stopped by de-duplication, not here.
 */
public final class TypeformSignature {

    private static final String PREFIX = "sha256=";

    private final byte[] secret;

    public TypeformSignature(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The header value Typeform would send with {@code body}. */
    public String sign(byte[] body) {
        return PREFIX + Base64.getEncoder().encodeToString(mac(body));
    }

    /**
     * @throws RejectedRequest 401 when the header is missing, malformed or does not match
     */
    public void verify(WebhookRequest request) {
        String header = request.header("typeform-signature").strip();
        if (header.isEmpty()) {
            throw RejectedRequest.unauthorized(
                    "missing_signature",
                    "the Typeform-Signature header is missing; set a secret on the form's webhook");
        }
        if (!header.startsWith(PREFIX)) {
            throw RejectedRequest.unauthorized(
                    "bad_signature", "Typeform-Signature must start with sha256=");
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            given = new byte[0];
        }
        if (!MessageDigest.isEqual(mac(request.body()), given)) {
            throw RejectedRequest.unauthorized(
                    "bad_signature",
                    "Typeform-Signature does not match the body; check the source's secret");
        }
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
