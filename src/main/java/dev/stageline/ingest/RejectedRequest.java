package dev.stageline.ingest;

/**
 * A caller's request that Stageline refuses, with the HTTP status and a short error code the caller
 * can act on. Nothing of a refused request is stored.
 */
public final class RejectedRequest extends RuntimeException {

    private final int status;
    private final String code;

    public RejectedRequest(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static RejectedRequest badRequest(String code, String message) {
        return new RejectedRequest(400, code, message);
    }

    public static RejectedRequest unauthorized(String code, String message) {
        return new RejectedRequest(401, code, message);
    }

    /** {@code text} with unprintable characters replaced and cut to 60 characters, for messages. */
    public static String printable(String text) {
        String cleaned = text.replaceAll("[^\\p{Print}]", "?");
        return cleaned.length() <= 60 ? cleaned : cleaned.substring(0, 60) + "...";
    }
}
