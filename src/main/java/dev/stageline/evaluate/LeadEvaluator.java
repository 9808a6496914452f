package dev.stageline.evaluate;

import dev.stageline.engine.Engine;
import dev.stageline.engine.LeadEvent;
import dev.stageline.engine.LeadHistory;
import dev.stageline.store.Backoff;
import dev.stageline.store.ConcurrentUpdateException;
import dev.stageline.store.LeadRecord;
import dev.stageline.store.LeadStore;
import dev.stageline.store.StoreException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brings a lead's state up to date with events that have just been stored: reads the state, adds
 * the events it has not applied yet, replays them all through the engine and saves the new history.
 * Safe to run any number of times and concurrently for one lead, since the engine's answer depends
 * only on the set of events and a save that loses a race is recomputed from what the winner wrote.
 */
public final class LeadEvaluator {

    private static final int MAX_ATTEMPTS = 8;

    private final Engine engine;
    private final LeadStore store;
    private final Clock clock;

    public LeadEvaluator(Engine engine, LeadStore store, Clock clock) {
        this.engine = engine;
        this.store = store;
        this.clock = clock;
    }

    /** What one evaluation did. */
    public record Evaluation(
            String leadKey, Optional<String> stage, int transitions, boolean changed) {}

    /** Applies {@code arrived} (events of this lead, duplicates allowed) to the lead's state. */
    public Evaluation evaluate(String leadKey, List<LeadEvent> arrived) {
        for (int attempt = 1; ; attempt++) {
            LeadRecord stored = store.read(leadKey);
            List<LeadEvent> events = union(stored.events(), arrived);
            if (stored.state().isPresent() && events.size() == stored.events().size()) {
                return new Evaluation(
                        leadKey, stored.state().get().stage(), stored.transitions().size(), false);
            }

            LeadHistory history = engine.replay(leadKey, events);
            try {
                store.save(history, events, stored, clock.instant());
                return new Evaluation(leadKey, history.stage(), history.transitions().size(), true);
            } catch (ConcurrentUpdateException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new StoreException(
                            "lead " + leadKey + " kept changing under evaluation", e);
                }
                Backoff.pause(attempt);
            }
        }
    }

    /** The applied events followed by those not among them; an event id counts once. */
    private static List<LeadEvent> union(List<LeadEvent> applied, List<LeadEvent> arrived) {
        Map<String, LeadEvent> byId = new LinkedHashMap<>();
        applied.forEach(event -> byId.put(event.eventId(), event));
        arrived.forEach(event -> byId.putIfAbsent(event.eventId(), event));
        return new ArrayList<>(byId.values());
    }
}
