package dev.stageline.store;

/**
 * The active revision or a replay's checkpoint changed under a replay: another replay is running,
 * or the active model was switched meanwhile. Run the replay again once the other has finished.
 */
public final class RevisionConflictException extends RuntimeException {

    public RevisionConflictException(String message) {
        super(message);
    }
}
