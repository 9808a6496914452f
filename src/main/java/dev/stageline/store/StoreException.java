package dev.stageline.store;

/** DynamoDB failed in a way retrying here did not cure; the caller should fail and be retried. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
