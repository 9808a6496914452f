package dev.stageline.engine;

import dev.stageline.model.LifecycleModel;
import dev.stageline.model.Rule;
import dev.stageline.model.SkippedStages;
import dev.stageline.model.Stage;

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
 * <p>Instances are immutable and thread-safe; build one per model and share it.
 */
public final class Engine {

    private final LifecycleModel model;

    public Engine(LifecycleModel model) {
        this.model = model;
    }

    public LifecycleModel model() {
        return model;
    }

    /** Replays {@code events} (in any order, duplicates allowed) into the lead's history. */
    public LeadHistory replay(String leadKey, List<LeadEvent> events) {
        Replay replay = new Replay(leadKey);
        for (LeadEvent event : inApplyOrder(events)) {
            replay.apply(event);
        }
        return new LeadHistory(
                leadKey, replay.transitions, replay.stage, replay.attributes, replay.dimensions);
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

        Replay(String leadKey) {
            this.leadKey = leadKey;
        }

        void apply(LeadEvent event) {
            Map<String, Object> previous = Map.copyOf(attributes);
            attributes.putAll(event.attributes());
            noteDimensions(event.occurredAt());
            RuleContext context = new RuleContext(Map.copyOf(attributes), previous, event.type());

            Set<String> enteredNow = new HashSet<>();
            while (true) {
                Optional<Match> match = bestMatch(context);
                if (match.isEmpty() || !enteredNow.add(match.get().rule().to())) {
                    return;
                }
                move(match.get(), event);
            }
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

        private Optional<Match> bestMatch(RuleContext context) {
            Match best = null;
            for (Rule rule : model.rules()) {
                if (!mayFire(rule)) {
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

        private void move(Match match, LeadEvent event) {
            String target = match.rule().to();
            for (String skipped : skippedBy(target)) {
                record(skipped, true, match, event);
            }
            record(target, false, match, event);
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

        private void record(String to, boolean passedThrough, Match match, LeadEvent event) {
            Instant at = event.occurredAt();
            transitions.add(
                    new Transition(
                            leadKey,
                            stage,
                            to,
                            at,
                            match.rule().id(),
                            event.eventId(),
                            passedThrough,
                            match.outcomes()));
            stage = Optional.of(to);
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
     * attributes with no event: why the lead is where it is, and what would move it.
     */
    public List<RuleCheck> nextRules(Optional<String> stage, Map<String, Object> attributes) {
        RuleContext context = new RuleContext(attributes, attributes, "");
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
}
