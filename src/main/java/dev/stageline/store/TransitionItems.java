package dev.stageline.store;

import dev.stageline.engine.DimensionValue;
import dev.stageline.engine.TestOutcome;
import dev.stageline.engine.Transition;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a lead's transitions and dimension values to the lists its state item holds, and back. A
 * transition made by a time rule has no event, and its map no {@code eventId}.
 */
final class TransitionItems {

    private TransitionItems() {}

    static AttributeValue list(List<Transition> transitions) {
        return AttributeValue.fromL(transitions.stream().map(TransitionItems::map).toList());
    }

    static List<Transition> transitions(String leadKey, AttributeValue list) {
        if (list == null || !list.hasL()) {
            return List.of();
        }
        return list.l().stream().map(value -> transition(leadKey, value.m())).toList();
    }

    static AttributeValue dimensionList(List<DimensionValue> values) {
        return AttributeValue.fromL(
                values.stream()
                        .map(
                                v ->
                                        AttributeValue.fromM(
                                                Map.of(
                                                        "dimension",
                                                                AttributeValue.fromS(v.dimension()),
                                                        "since",
                                                                AttributeValue.fromS(
                                                                        v.since().toString()),
                                                        "value", AttributeValue.fromS(v.value()))))
                        .toList());
    }

    static List<DimensionValue> dimensions(AttributeValue list) {
        if (list == null || !list.hasL()) {
            return List.of();
        }
        return list.l().stream()
                .map(AttributeValue::m)
                .map(
                        m ->
                                new DimensionValue(
                                        m.get("dimension").s(),
                                        Instant.parse(m.get("since").s()),
                                        m.get("value").s()))
                .toList();
    }

    private static AttributeValue map(Transition transition) {
        Map<String, AttributeValue> item = new HashMap<>();
        transition.from().ifPresent(from -> item.put("from", AttributeValue.fromS(from)));
        item.put("to", AttributeValue.fromS(transition.to()));
        item.put("at", AttributeValue.fromS(transition.at().toString()));
        item.put("ruleId", AttributeValue.fromS(transition.ruleId()));
        transition.eventId().ifPresent(id -> item.put("eventId", AttributeValue.fromS(id)));
        item.put("passedThrough", AttributeValue.fromBool(transition.passedThrough()));
        item.put(
                "explanation",
                AttributeValue.fromL(
                        transition.explanation().stream().map(TransitionItems::outcome).toList()));
        return AttributeValue.fromM(item);
    }

    private static Transition transition(String leadKey, Map<String, AttributeValue> item) {
        return new Transition(
                leadKey,
                Optional.ofNullable(item.get("from")).map(AttributeValue::s),
                item.get("to").s(),
                Instant.parse(item.get("at").s()),
                item.get("ruleId").s(),
                Optional.ofNullable(item.get("eventId")).map(AttributeValue::s),
                Boolean.TRUE.equals(item.get("passedThrough").bool()),
                explanation(item.get("explanation")));
    }

    private static AttributeValue outcome(TestOutcome outcome) {
        return AttributeValue.fromM(
                Map.of(
                        "test", AttributeValue.fromS(outcome.test()),
                        "seen", AttributeValue.fromS(outcome.seen()),
                        "held", AttributeValue.fromBool(outcome.held())));
    }

    private static List<TestOutcome> explanation(AttributeValue value) {
        if (value == null || !value.hasL()) {
            return List.of();
        }
        return value.l().stream()
                .map(AttributeValue::m)
                .map(
                        m ->
                                new TestOutcome(
                                        m.get("test").s(), m.get("seen").s(), m.get("held").bool()))
                .toList();
    }
}
