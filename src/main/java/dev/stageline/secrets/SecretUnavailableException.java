package dev.stageline.secrets;

/**
 * A secret that exists, or may exist, but cannot be used: the store refused or failed to answer, or
 * the value is not what the reference asks for (a JSON field of a secret that is not JSON). The
 * message names the reference and the cause, never the value.
 */
public final class SecretUnavailableException extends RuntimeException {

    public SecretUnavailableException(String message) {
        super(message);
    }

    public SecretUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
