package dev.stageline.evaluate;

import dev.stageline.engine.Engine;
import dev.stageline.engine.LeadEvent;
import dev.stageline.engine.LeadHistory;
import dev.stageline.store.Backoff;
import dev.stageline.store.ConcurrentUpdateException;
import dev.stageline.store.LeadRecord;
import dev.stageline.store.LeadState;
import dev.stageline.store.LeadStore;
import dev.stageline.store.StoreException;
import dev.stageline.store.TimerIndex;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brings a lead's state up to date with events that have just been stored, or with the passing of
 * time: reads the state, adds the events it has not applied yet, replays them all through the
 * engine as of now and saves the new history. With no new event it replays only when the stored
 * next check of a time rule has come. Safe to run any number of times and concurrently for one
 * lead, since the engine's answer depends only on the set of events and the instant, and a save
 * that loses a race is recomputed from what the winner wrote.
 *
 * <p>The lead is filed in the {@link TimerIndex} under its new next check before the state is
 * saved, and taken off the old one after: a crash in between leaves a stale entry, which costs one
 * idle re-evaluation, rather than a lead that the scheduled run never finds.
 */
public final class LeadEvaluator {

    private static final int MAX_ATTEMPTS = 8;

    private final Engine engine;
    private final LeadStore store;
    private final TimerIndex timers;
    private final Clock clock;

    public LeadEvaluator(Engine engine, LeadStore store, TimerIndex timers, Clock clock) {
        this.engine = engine;
        this.store = store;
        this.timers = timers;
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
            Instant now = clock.instant();
            Optional<Instant> due = stored.state().flatMap(LeadState::nextCheck);
            boolean nothingNew =
                    stored.state().isPresent() && events.size() == stored.events().size();
            if (events.isEmpty() || (nothingNew && due.filter(at -> !at.isAfter(now)).isEmpty())) {
                return new Evaluation(
                        leadKey,
                        stored.state().flatMap(LeadState::stage),
                        stored.transitions().size(),
                        false);
            }

            LeadHistory history = engine.replay(leadKey, events, now);
            try {
                history.nextCheck().ifPresent(at -> timers.add(leadKey, at));
                store.save(history, events, stored, now);
                due.filter(at -> !history.nextCheck().equals(Optional.of(at)))
                        .ifPresent(at -> timers.remove(leadKey, at));
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
