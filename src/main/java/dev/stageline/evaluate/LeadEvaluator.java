package dev.stageline.evaluate;

import dev.stageline.engine.Engine;
import dev.stageline.engine.LeadEvent;
import dev.stageline.engine.LeadHistory;
import dev.stageline.model.LifecycleModel;
import dev.stageline.report.ActivityDays;
import dev.stageline.store.ActivityIndex;
import dev.stageline.identity.IdentityRules;
import dev.stageline.store.Backoff;
import dev.stageline.store.ConcurrentUpdateException;
import dev.stageline.store.LeadRecord;
import dev.stageline.store.LeadState;
import dev.stageline.store.LeadStore;
import dev.stageline.store.StoreException;
import dev.stageline.store.TimerIndex;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Brings a lead's state up to date with events that have just been stored: reads the state, adds
 * the events it has not applied yet, replays them all through the engine and saves the new history.
 * Safe to run any number of times and concurrently for one lead, since the engine's answer depends
 * only on the set of events and a save that loses a race is recomputed from what the winner wrote.
 *
 * <p>A key merged with others (its events name aliases, or another key's events name it) is
 * evaluated as its group: the canonical key's state gets the events of every key of the group, and
 * each merged-away key's state is emptied through {@link LeadStore#saveMergedAway} after the
 * canonical state that holds its events is saved, on the condition that it did not change since it
 * was read. An event that reaches a merged-away key's old state in between makes that condition
 * fail, and the group is evaluated again, so no event is left behind.
 *
 * <p>Evaluation also answers the passing of time: with no new event, a lead is replayed (as of
 * now) only when the stored next check of a time rule has come. The lead is filed in the {@link
 * TimerIndex} under its new next check before the state is saved, and taken off the old one after:
 * a crash in between leaves a stale entry, which costs one idle re-evaluation, rather than a lead
 * that the scheduled run never finds.
 */
public final class LeadEvaluator {

    private static final int MAX_ATTEMPTS = 8;

    private final Engine engine;
    private final LeadStore store;
    private final ActivityIndex activity;
    private final TimerIndex timers;
    private final LifecycleModel model;
    private final Clock clock;

    public LeadEvaluator(
            LifecycleModel model,
            Engine engine,
            LeadStore store,
            ActivityIndex activity,
            TimerIndex timers,
            Clock clock) {
        this.model = model;
        this.engine = engine;
        this.store = store;
        this.activity = activity;
        this.timers = timers;
        this.clock = clock;
    }

    /** What one evaluation did. */
    public record Evaluation(
            String leadKey, Optional<String> stage, int transitions, boolean changed) {}

    /**
     * Applies {@code arrived} (events of this lead, duplicates allowed) to the state of the lead
     * the key belongs to. Keys the events name as aliases are merged with it first; the events of
     * keys merged away are moved to the surviving key, whose state is then the replay of all of
     * them, and the merged-away keys' states are emptied.
     */
    public Evaluation evaluate(String leadKey, List<LeadEvent> arrived) {
        Set<String> named = IdentityRules.namedKeys(leadKey, arrived);
        named.stream()
                .filter(alias -> !alias.equals(leadKey))
                .forEach(alias -> store.links().merge(leadKey, alias));
        for (int attempt = 1; ; attempt++) {
            try {
                return evaluateGroup(named, arrived);
            } catch (ConcurrentUpdateException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new StoreException(
                            "lead " + leadKey + " kept changing under evaluation", e);
                }
                Backoff.pause(attempt);
            }
        }
    }

    /**
     * Before the save: files the lead under the days it becomes active on, and marks every day
     * whose figures the change may move. A lead is never taken off a day: an entry left behind by
     * a history that moved or lost a race only adds one lead to that day's reading, while taking it
     * off could race with an evaluation that puts it back.
     */
    private void index(Activity change) {
        activity.add(change.leadKey(), change.added());
        activity.markDirty(change.leadKey(), change.touched());
    }

    /**
     * After the save: marks the days again, so that an aggregation that read and cleared the first
     * mark before the save still leaves a mark for the saved history.
     */
    private void settle(Activity change) {
        activity.markDirty(change.leadKey(), change.touched());
    }

    /**
     * The report days a change of history touches.
     *
     * @param added the days the new history is active on and the stored one was not
     * @param touched every day either was active on, whose figures may change
     */
    private record Activity(String leadKey, Set<LocalDate> added, Set<LocalDate> touched) {

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
            Set<LocalDate> added = new TreeSet<>(after);
            added.removeAll(before);
            Set<LocalDate> touched = new TreeSet<>(before);
            touched.addAll(after);
            return Optional.of(new Activity(history.leadKey(), added, touched));
        }
    }

    private Evaluation evaluateGroup(Set<String> named, List<LeadEvent> arrived) {
        Set<String> met = new TreeSet<>();
        Set<String> roots = new TreeSet<>();
        for (String key : named) {
            List<String> path = store.links().path(key);
            met.addAll(path);
            roots.add(path.getLast());
        }
        if (roots.size() != 1) {
            throw new ConcurrentUpdateException(String.join(", ", roots));
        }
        String canonical = roots.iterator().next();
        met.remove(canonical);
        LeadRecord stored = store.read(canonical);
        if (stored.mergedInto().isPresent()) {
            throw new ConcurrentUpdateException(canonical);
        }

        List<LeadRecord> mergedAway = new ArrayList<>();
        List<String> listed = new ArrayList<>(stored.mergedKeys());
        List<LeadEvent> moved = new ArrayList<>();
        for (String key : met) {
            LeadRecord away = store.read(key);
            if (away.mergedInto().isEmpty()) {
                mergedAway.add(away);
                listed.addAll(away.mergedKeys());
                moved.addAll(away.events());
            }
        }
        List<LeadEvent> events = IdentityRules.union(stored.events(), moved, arrived);
        List<String> mergedKeys = IdentityRules.mergedKeys(canonical, listed, met, events);

        boolean changed = !mergedAway.isEmpty();
        Optional<String> stage = stored.state().flatMap(LeadState::stage);
        int transitions = stored.transitions().size();
        Instant now = clock.instant();
        Optional<Instant> due = stored.state().flatMap(LeadState::nextCheck);
        boolean timeHasCome = due.filter(at -> !at.isAfter(now)).isPresent();
        if (!events.isEmpty()
                && (stored.state().isEmpty()
                        || events.size() != stored.events().size()
                        || !mergedKeys.equals(stored.mergedKeys())
                        || timeHasCome)) {
            LeadHistory history =
                    engine.replay(canonical, IdentityRules.forReplay(canonical, events), now);
            Optional<Activity> moves = Activity.between(model, stored, history);
            // Indexed before the save, so that a save is never without its index entries: an
            // entry for a history that then loses the race only adds a lead to a day's reading.
            moves.ifPresent(this::index);
            history.nextCheck().ifPresent(at -> timers.add(canonical, at));
            store.save(history, events, mergedKeys, stored, now);
            moves.ifPresent(this::settle);
            due.filter(at -> !history.nextCheck().equals(Optional.of(at)))
                    .ifPresent(at -> timers.remove(canonical, at));
            changed = true;
            stage = history.stage();
            transitions = history.transitions().size();
        }
        for (LeadRecord away : mergedAway) {
            store.saveMergedAway(away, canonical, clock.instant());
            // Its transitions now count under the surviving key only.
            Activity.between(model, away, LeadHistory.empty(away.leadKey()))
                    .ifPresent(this::settle);
        }
        return new Evaluation(canonical, stage, transitions, changed);
    }
}
