package dev.stageline.ingest;

import dev.stageline.store.EventStore;

import java.util.List;

/** What a delivery stored: per event, whether it was new or a duplicate of one stored before. */
public record Receipt(String source, String deliveryId, List<EventStore.Outcome> outcomes) {

    public Receipt {
        outcomes = List.copyOf(outcomes);
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
