package dev.stageline.evaluate;

import dev.stageline.engine.Engine;
import dev.stageline.engine.LeadEvent;
import dev.stageline.engine.LeadHistory;
import dev.stageline.model.LifecycleModel;
import dev.stageline.report.ActivityDays;
import dev.stageline.store.ActivityIndex;
import dev.stageline.store.Backoff;
import dev.stageline.store.ConcurrentUpdateException;
import dev.stageline.store.LeadRecord;
import dev.stageline.store.LeadStore;
import dev.stageline.store.StoreException;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
    private final ActivityIndex activity;
    private final LifecycleModel model;
    private final Clock clock;

    public LeadEvaluator(
            LifecycleModel model,
            Engine engine,
            LeadStore store,
            ActivityIndex activity,
            Clock clock) {
        this.model = model;
        this.engine = engine;
        this.store = store;
        this.activity = activity;
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
            Optional<Activity> changed = Activity.between(model, stored, history);
            // Indexed before the save, so that a save is never without its index entries: an
            // entry for a history that then loses the race only adds a lead to a day's reading.
            changed.ifPresent(this::index);
            try {
                store.save(history, events, stored, clock.instant());
                changed.ifPresent(this::settle);
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

    private void index(Activity change) {
        activity.add(change.leadKey(), change.now());
        activity.markDirty(change.leadKey(), change.touched());
    }

    /**
     * After the save: marks the days again, so that an aggregation that read the first mark before
     * the save still leaves a mark behind, and takes the lead off days it has left.
     */
    private void settle(Activity change) {
        activity.markDirty(change.leadKey(), change.touched());
        activity.remove(change.leadKey(), change.left());
    }

    /**
     * The report days a change of history touches.
     *
     * @param now the days the new history is active on
     * @param left the days only the old history was active on
     * @param touched every day either was active on, whose figures may change
     */
    private record Activity(
            String leadKey, Set<LocalDate> now, Set<LocalDate> left, Set<LocalDate> touched) {

        /** Empty when the transitions and dimension values are those already stored. */
        static Optional<Activity> between(
                LifecycleModel model, LeadRecord stored, LeadHistory history) {
            if (stored.state().isPresent()
                    && stored.transitions().equals(history.transitions())
                    && stored.dimensions().equals(history.dimensions())) {
                return Optional.empty();
            }
            Set<LocalDate> before =
                    ActivityDays.of(model, stored.transitions(), stored.dimensions());
            Set<LocalDate> after =
                    ActivityDays.of(model, history.transitions(), history.dimensions());
            Set<LocalDate> left = new TreeSet<>(before);
            left.removeAll(after);
            Set<LocalDate> touched = new TreeSet<>(before);
            touched.addAll(after);
            return Optional.of(new Activity(history.leadKey(), after, left, touched));
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
