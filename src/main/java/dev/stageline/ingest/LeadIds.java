package dev.stageline.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Lead ids as they go into lead keys. Form tools often know a person only by email address; lead
 * keys appear in logs, URLs and reports, so an id holding an {@code @} is replaced by {@code
 * sha256-} and the hex SHA-256 of its lower-case form. The same address gives the same key
 * whichever source or capitalisation it arrives with, and no address is ever written out.
 */
public final class LeadIds {

    static final String HASHED = "sha256-";

    private LeadIds() {}

    public static String pseudonymous(String id) {
        if (!id.contains("@")) {
            return id;
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(
                                    id.strip()
                                            .toLowerCase(Locale.ROOT)
                                            .getBytes(StandardCharsets.UTF_8));
            return HASHED + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }
}
