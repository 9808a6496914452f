package dev.stageline.ingest;

import dev.stageline.store.EventStore;

import java.util.List;

/**
 * What a delivery stored: per event, whether it was new or a duplicate of one stored before, and
 * how many events the source ignored as kinds it does not track.
 */
public record Receipt(
        String source, String deliveryId, List<EventStore.Outcome> outcomes, int ignored) {

    public Receipt {
        outcomes = List.copyOf(outcomes);
    }

    /** A receipt of a delivery with nothing ignored. */
    public Receipt(String source, String deliveryId, List<EventStore.Outcome> outcomes) {
        this(source, deliveryId, outcomes, 0);
    }

    public long duplicates() {
        return outcomes.stream().filter(EventStore.Outcome::duplicate).count();
    }

    public long conflicts() {
        return outcomes.stream().filter(EventStore.Outcome::conflict).count();
    }

    public long stored() {
        return outcomes.size() - duplicates();
    }
}
