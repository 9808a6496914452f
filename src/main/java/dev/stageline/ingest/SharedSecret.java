package dev.stageline.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares a secret a caller presents with the configured one in constant time. Both are hashed
 * first, so neither the time taken nor an early exit on length tells a caller how much of a guess
 * was right.
 */
public final class SharedSecret {

    private SharedSecret() {}

    /** Whether {@code presented} is exactly {@code expected}. */
    public static boolean matches(String expected, String presented) {
        return MessageDigest.isEqual(sha256(expected), sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
