package dev.stageline.evaluate;

import dev.stageline.engine.Engine;
import dev.stageline.engine.LeadHistory;
import dev.stageline.store.Backoff;
import dev.stageline.store.ConcurrentUpdateException;
import dev.stageline.store.LeadRecord;
import dev.stageline.store.LeadState;
import dev.stageline.store.LeadStore;
import dev.stageline.store.StoreException;
import java.time.Clock;
import java.util.Optional;

/**
 * Brings a lead's stored history up to date with its stored events: reads the lead, replays its
 * events through the engine and saves what changed. Safe to run any number of times and
 * concurrently for the same lead, since the engine's answer depends only on the events and a
 * save that loses a race is recomputed from what the winner wrote.
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
    public record Evaluation(String leadKey, Optional<String> stage, int transitions, boolean changed) {}

    public Evaluation evaluate(String leadKey) {
        for (int attempt = 1; ; attempt++) {
            LeadRecord stored = store.read(leadKey);
            LeadHistory history = engine.replay(leadKey, stored.events());
            if (unchanged(stored, history)) {
                return new Evaluation(leadKey, history.stage(), history.transitions().size(), false);
            }

            try {
                store.save(history, stored, clock.instant());
                return new Evaluation(leadKey, history.stage(), history.transitions().size(), true);
            } catch (ConcurrentUpdateException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new StoreException("lead " + leadKey + " kept changing under evaluation", e);
                }
                Backoff.pause(attempt);
            }
        }
    }

    private static boolean unchanged(LeadRecord stored, LeadHistory history) {
        return stored.state()
                .filter(state -> state.stage().equals(history.stage()))
                .filter(state -> state.attributes().equals(history.attributes()))
                .filter(state -> state.eventCount() == stored.events().size())
                .map(LeadState::leadKey)
                .isPresent()
                && stored.transitions().equals(history.transitions());
    }
}
