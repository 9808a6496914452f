package dev.stageline.engine;

import static java.time.Instant.EPOCH;

import dev.stageline.model.Condition;
import dev.stageline.model.LifecycleModel;
import dev.stageline.model.Rule;
import dev.stageline.model.SkippedStages;
import dev.stageline.model.Stage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a lead's events into its stage transitions under one lifecycle model.
 *
 * <p>How it works, and why: transitions are a pure function of the model and the set of a lead's
 * events, so the engine always replays the whole history rather than applying one event to a stored
 * state. Events are de-duplicated by id and sorted by {@code occurredAt}, ties broken by event id;
 * that makes the result the same whatever the delivery order and however often an event was
 * delivered, and a late event simply yields the history it would have had in order.
 *
 * <p>After each event the engine looks for rules that may fire from the current stage and whose
 * condition holds, moves to the target ranked last in the model file (success stages are listed in
 * path order, so this is the one furthest along the path), and looks again until nothing matches. A
 * stage is entered at most once per event, which stops two rules that point at each other from
 * looping. With {@code pass_through}, a jump over success stages records each skipped stage as
 * entered and left at the same instant.
 *
 * <p>Time rules (a condition with {@code in_stage_for}) are also tested between events. Between
 * two events nothing but time changes, so such a condition can only start to hold at an instant
 * where one of its time tests becomes true: the stage's entry plus the test's duration. The engine
 * tests the time rules of the current stage at each such instant before the next event (and up to
 * {@code asOf} after the last one), with no event and nothing changed, and the first that holds
 * moves the lead at exactly that instant; the move then chains as after an event. The same
 * instants after {@code asOf} give the lead's {@link LeadHistory#nextCheck()}. A model whose time
 * rules send a lead round a loop would fire without end, so at most {@value #MAX_TIMED_MOVES} time
 * moves follow one another without an event between them.
 *
 * <p>Instances are immutable and thread-safe; build one per model and share it.
 */
public final class Engine {

    /** Time moves allowed in a row between two events; see the class comment. */
    public static final int MAX_TIMED_MOVES = 1000;

    private final LifecycleModel model;
    private final Map<String, List<Duration>> timeTestsByRule = new HashMap<>();

    public Engine(LifecycleModel model) {
        this.model = model;
        for (Rule rule : model.rules()) {
            List<Duration> durations = new ArrayList<>();
            collectTimeTests(rule.condition(), durations);
            if (!durations.isEmpty()) {
                timeTestsByRule.put(rule.id(), List.copyOf(durations));
            }
        }
    }

    private static void collectTimeTests(Condition condition, List<Duration> durations) {
        switch (condition) {
            case Condition.All all -> all.parts().forEach(p -> collectTimeTests(p, durations));
            case Condition.Any any -> any.parts().forEach(p -> collectTimeTests(p, durations));
            case Condition.Not not -> collectTimeTests(not.part(), durations);
            case Condition.InStageFor test -> durations.add(test.duration());
            case Condition.FieldTest test -> {}
            case Condition.EventTest test -> {}
        }
    }

    public LifecycleModel model() {
        return model;
    }

    /**
     * Replays {@code events} (in any order, duplicates allowed) into the lead's history as of the
     * last of them: time rules fire between events, not after the last one.
     */
    public LeadHistory replay(String leadKey, List<LeadEvent> events) {
        Instant last =
                events.stream().map(LeadEvent::occurredAt).max(Instant::compareTo).orElse(EPOCH);
        return replay(leadKey, events, last);
    }

    /**
     * Replays {@code events} (in any order, duplicates allowed) into the lead's history as it
     * stands at {@code asOf}: time rules that became true up to and including {@code asOf} have
     * fired.
     */
    public LeadHistory replay(String leadKey, List<LeadEvent> events, Instant asOf) {
        Replay replay = new Replay(leadKey);
        for (LeadEvent event : inApplyOrder(events)) {
            replay.passTime(event.occurredAt(), false);
            replay.apply(event);
        }
        replay.passTime(asOf, true);
        Optional<Instant> nextCheck =
                replay.nextFiring(Instant.MAX, true).map(Firing::at).filter(asOf::isBefore);
        return new LeadHistory(
                leadKey,
                replay.transitions,
                replay.stage,
                replay.attributes,
                replay.dimensions,
                nextCheck);
    }

    private static List<LeadEvent> inApplyOrder(List<LeadEvent> events) {
        Map<String, LeadEvent> byId = new LinkedHashMap<>();
        for (LeadEvent event : events) {
            byId.merge(event.eventId(), event, Engine::firstByApplyOrder);
        }
        List<LeadEvent> ordered = new ArrayList<>(byId.values());
        ordered.sort(LeadEvent.APPLY_ORDER);
        return ordered;
    }

    /** Two deliveries of one event id should be identical; if not, keep one deterministically. */
    private static LeadEvent firstByApplyOrder(LeadEvent a, LeadEvent b) {
        int order = LeadEvent.APPLY_ORDER.compare(a, b);
        if (order != 0) {
            return order < 0 ? a : b;
        }
        int byType = a.type().compareTo(b.type());
        if (byType != 0) {
            return byType < 0 ? a : b;
        }
        return new TreeMap<>(a.attributes())
                                .toString()
                                .compareTo(new TreeMap<>(b.attributes()).toString())
                        <= 0
                ? a
                : b;
    }

    /** The mutable walk through one lead's events. */
    private final class Replay {
        private final String leadKey;
        private final List<Transition> transitions = new ArrayList<>();
        private final Map<String, Object> attributes = new HashMap<>();
        private final List<DimensionValue> dimensions = new ArrayList<>();
        private final Map<String, String> dimensionNow = new HashMap<>();
        private Optional<String> stage = Optional.empty();
        private Instant enteredAt = EPOCH;
        private Instant now = EPOCH;

        Replay(String leadKey) {
            this.leadKey = leadKey;
        }

        void apply(LeadEvent event) {
            Map<String, Object> previous = Map.copyOf(attributes);
            attributes.putAll(event.attributes());
            noteDimensions(event.occurredAt());
            now = event.occurredAt();
            settle(new HashSet<>(), event.type(), previous, Optional.of(event.eventId()));
        }

        /**
         * Fires the time rules that become true from now until {@code until} (excluded, unless
         * {@code inclusive}), each at its own instant, with what follows from each.
         */
        void passTime(Instant until, boolean inclusive) {
            for (int moves = 0; moves < MAX_TIMED_MOVES; moves++) {
                Optional<Firing> firing = nextFiring(until, inclusive);
                if (firing.isEmpty()) {
                    return;
                }
                now = firing.get().at();
                Set<String> enteredNow = new HashSet<>();
                enteredNow.add(firing.get().match().rule().to());
                move(firing.get().match(), Optional.empty());
                settle(enteredNow, "", Map.copyOf(attributes), Optional.empty());
            }
        }

        /** Moves while some rule holds, entering each stage at most once. */
        private void settle(
                Set<String> enteredNow,
                String eventType,
                Map<String, Object> previous,
                Optional<String> eventId) {
            while (true) {
                Optional<Match> match = bestMatch(context(now, eventType, previous), false);
                if (match.isEmpty() || !enteredNow.add(match.get().rule().to())) {
                    return;
                }
                move(match.get(), eventId);
            }
        }

        /**
         * The first instant from now to {@code until} at which a time rule of the current stage
         * holds, with no event and no change; only where a time test turns true can one start to.
         */
        Optional<Firing> nextFiring(Instant until, boolean inclusive) {
            if (stage.isEmpty()) {
                return Optional.empty();
            }
            TreeSet<Instant> instants = new TreeSet<>();
            for (Rule rule : model.rules()) {
                if (!mayFire(rule)) {
                    continue;
                }
                for (Duration duration : timeTestsByRule.getOrDefault(rule.id(), List.of())) {
                    Instant at = enteredAt.plus(duration);
                    int toUntil = at.compareTo(until);
                    if (!at.isBefore(now) && (toUntil < 0 || (inclusive && toUntil == 0))) {
                        instants.add(at);
                    }
                }
            }
            Map<String, Object> unchanged = Map.copyOf(attributes);
            for (Instant at : instants) {
                Optional<Match> match = bestMatch(context(at, "", unchanged), true);
                if (match.isPresent()) {
                    return Optional.of(new Firing(at, match.get()));
                }
            }
            return Optional.empty();
        }

        private RuleContext context(Instant at, String eventType, Map<String, Object> previous) {
            Optional<StageTime> time =
                    stage.map(
                            id ->
                                    new StageTime(
                                            model.stage(id).map(Stage::name).orElse(id),
                                            enteredAt,
                                            at));
            return new RuleContext(Map.copyOf(attributes), previous, eventType, time);
        }

        /** Records each dimension whose value this event changed, from the event's instant. */
        private void noteDimensions(Instant at) {
            for (String dimension : model.dimensions()) {
                Object value = attributes.get(dimension);
                String text =
                        value == null || value.toString().isBlank()
                                ? DimensionValue.NONE
                                : value instanceof java.math.BigDecimal number
                                        ? number.stripTrailingZeros().toPlainString()
                                        : value.toString();
                if (!text.equals(dimensionNow.put(dimension, text))) {
                    dimensions.add(new DimensionValue(dimension, at, text));
                }
            }
        }

        private Optional<Match> bestMatch(RuleContext context, boolean timeRulesOnly) {
            Match best = null;
            for (Rule rule : model.rules()) {
                if (!mayFire(rule) || (timeRulesOnly && !timeTestsByRule.containsKey(rule.id()))) {
                    continue;
                }
                ConditionResult result = ConditionEvaluator.evaluate(rule.condition(), context);
                if (!result.held()) {
                    continue;
                }
                if (best == null || rank(rule) > rank(best.rule())) {
                    best = new Match(rule, result.outcomes());
                }
            }
            return Optional.ofNullable(best);
        }

        private int rank(Rule rule) {
            return model.fileIndex(rule.to());
        }

        /** Whether the rule may leave the current stage; see the spec, "Applying an event". */
        private boolean mayFire(Rule rule) {
            return Engine.this.mayFire(rule, stage);
        }

        private void move(Match match, Optional<String> eventId) {
            String target = match.rule().to();
            for (String skipped : skippedBy(target)) {
                record(skipped, true, match, eventId);
            }
            record(target, false, match, eventId);
        }

        /** The success stages a jump to {@code target} passes through, in path order. */
        private List<String> skippedBy(String target) {
            int targetIndex = model.successIndex(target);
            if (model.skippedStages() != SkippedStages.PASS_THROUGH || targetIndex < 0) {
                return List.of();
            }
            int first;
            if (stage.isEmpty()) {
                first = 0;
            } else if (model.successIndex(stage.get()) >= 0) {
                first = model.successIndex(stage.get()) + 1;
            } else {
                return List.of();
            }
            List<Stage> path = model.successPath();
            return path.subList(first, Math.max(first, targetIndex)).stream()
                    .map(Stage::id)
                    .toList();
        }

        private void record(
                String to, boolean passedThrough, Match match, Optional<String> eventId) {
            transitions.add(
                    new Transition(
                            leadKey,
                            stage,
                            to,
                            now,
                            match.rule().id(),
                            eventId,
                            passedThrough,
                            match.outcomes()));
            stage = Optional.of(to);
            enteredAt = now;
        }
    }

    /**
     * Whether {@code rule} may move a lead out of {@code stage}; see the spec, "Applying an event".
     */
    private boolean mayFire(Rule rule, Optional<String> stage) {
        if (stage.isPresent() && stage.get().equals(rule.to())) {
            return false;
        }
        if (!rule.from().isEmpty()) {
            return stage.isPresent() && rule.from().contains(stage.get());
        }
        if (stage.isEmpty()) {
            return true;
        }
        Stage current = model.stage(stage.get()).orElseThrow();
        if (current.terminal() || !current.isSuccess()) {
            return false;
        }
        int target = model.successIndex(rule.to());
        return target < 0 || model.successIndex(current.id()) < target;
    }

    /**
     * For a lead's current stage, each rule that could move it on, tested against its current
     * attributes with no event and its time tests measured by {@code time} (how long the lead has
     * been in its stage at the instant asked about): why the lead is where it is, and what would
     * move it.
     */
    public List<RuleCheck> nextRules(
            Optional<String> stage, Map<String, Object> attributes, Optional<StageTime> time) {
        RuleContext context = new RuleContext(attributes, attributes, "", time);
        List<RuleCheck> checks = new ArrayList<>();
        for (Rule rule : model.rules()) {
            if (mayFire(rule, stage)) {
                ConditionResult result = ConditionEvaluator.evaluate(rule.condition(), context);
                checks.add(new RuleCheck(rule.id(), rule.to(), result.held(), result.outcomes()));
            }
        }
        return checks;
    }

    /** A rule tested against a lead as it stands, with each test's outcome. */
    public record RuleCheck(String ruleId, String to, boolean held, List<TestOutcome> tests) {}

    private record Match(Rule rule, List<TestOutcome> outcomes) {}

    /** A time rule that holds at {@code at}, before anything else happens to the lead. */
    private record Firing(Instant at, Match match) {}
}
