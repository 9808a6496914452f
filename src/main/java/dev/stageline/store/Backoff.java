package dev.stageline.store;

import java.util.concurrent.ThreadLocalRandom;

/** Jittered exponential pauses between retries of a conflicting write. */
public final class Backoff {

    private Backoff() {}

    public static void pause(int attempt) {
        long ceiling = Math.min(1_000L, 20L << Math.min(attempt, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a write", e);
        }
    }
}
