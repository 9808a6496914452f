package dev.stageline.store;

import dev.stageline.engine.TestOutcome;
import dev.stageline.engine.Transition;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps transitions to lead-table items and back. */
final class TransitionItems {

    private TransitionItems() {}

    static Map<String, AttributeValue> item(Transition transition, int sequence) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, AttributeValue.fromS(Keys.lead(transition.leadKey())));
        item.put(Keys.SK, AttributeValue.fromS(Keys.transition(sequence)));
        item.put(Keys.DAY, AttributeValue.fromS(Keys.day(transition.at())));
        item.put(Keys.DAY_ORDER,
                AttributeValue.fromS(Keys.dayOrder(transition.at(), transition.leadKey(), sequence)));
        item.put("leadKey", AttributeValue.fromS(transition.leadKey()));
        item.put("sequence", AttributeValue.fromN(Integer.toString(sequence)));
        transition.from().ifPresent(from -> item.put("from", AttributeValue.fromS(from)));
        item.put("to", AttributeValue.fromS(transition.to()));
        item.put("at", AttributeValue.fromS(transition.at().toString()));
        item.put("ruleId", AttributeValue.fromS(transition.ruleId()));
        item.put("eventId", AttributeValue.fromS(transition.eventId()));
        item.put("passedThrough", AttributeValue.fromBool(transition.passedThrough()));
        item.put("explanation", AttributeValue.fromL(transition.explanation().stream()
                .map(TransitionItems::outcome)
                .toList()));
        return item;
    }

    static Transition transition(Map<String, AttributeValue> item) {
        return new Transition(
                item.get("leadKey").s(),
                Optional.ofNullable(item.get("from")).map(AttributeValue::s),
                item.get("to").s(),
                Instant.parse(item.get("at").s()),
                item.get("ruleId").s(),
                item.get("eventId").s(),
                Boolean.TRUE.equals(item.get("passedThrough").bool()),
                explanation(item.get("explanation")));
    }

    static int sequence(Map<String, AttributeValue> item) {
        return Integer.parseInt(item.get("sequence").n());
    }

    private static AttributeValue outcome(TestOutcome outcome) {
        return AttributeValue.fromM(Map.of(
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
                .map(m -> new TestOutcome(m.get("test").s(), m.get("seen").s(), m.get("held").bool()))
                .toList();
    }
}
