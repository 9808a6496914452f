package dev.stageline.store;

/** Another evaluation wrote the lead first; read it again and recompute. */
public final class ConcurrentUpdateException extends RuntimeException {

    public ConcurrentUpdateException(String leadKey) {
        super("lead " + leadKey + " was updated concurrently");
    }
}
