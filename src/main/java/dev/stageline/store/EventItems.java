package dev.stageline.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stageline.engine.LeadEvent;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Maps lead events to DynamoDB values: to an event item of its own, which the stream carries to the
 * evaluator, and to an entry of the list a lead's state item keeps. An event's {@code aliases} are
 * written only when it has some, and an entry of a state's list names its lead key only when it is
 * not the state's own (an event of a key merged into it), so items written before either existed
 * read as they always did.
 */
public final class EventItems {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private EventItems() {}

    static Map<String, AttributeValue> item(String source, LeadEvent event, String receivedAt) {
        Map<String, AttributeValue> item = new HashMap<>(fields(event));
        item.put(Keys.PK, AttributeValue.fromS(Keys.lead(event.leadKey())));
        item.put(Keys.SK, AttributeValue.fromS(Keys.event(event.eventId())));
        item.put("leadKey", AttributeValue.fromS(event.leadKey()));
        item.put("source", AttributeValue.fromS(source));
        item.put("receivedAt", AttributeValue.fromS(receivedAt));
        return item;
    }

    /** Reads an event item, or an entry of a state's list given the lead it belongs to. */
    public static LeadEvent event(String leadKey, Map<String, AttributeValue> item) {
        return new LeadEvent(
                leadKey,
                item.get("eventId").s(),
                Instant.parse(item.get("occurredAt").s()),
                item.get("type").s(),
                AttributeValues.toMap(item.get("attributes")),
                aliases(item.get("aliases")));
    }

    private static List<String> aliases(AttributeValue value) {
        if (value == null || !value.hasL()) {
            return List.of();
        }
        return value.l().stream().map(AttributeValue::s).toList();
    }

    /**
     * The events a state item keeps, as gzipped JSON: attribute names repeat from event to event,
     * so this holds several times more events within DynamoDB's 400 KB item limit than a list.
     */
    static AttributeValue list(String stateKey, List<LeadEvent> events) {
        List<Map<String, Object>> entries = events.stream().map(e -> entry(stateKey, e)).toList();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            JSON.writeValue(gzip, entries);
        } catch (IOException e) {
            throw new UncheckedIOException("events cannot be written", e);
        }
        return AttributeValue.fromB(SdkBytes.fromByteArray(bytes.toByteArray()));
    }

    private static Map<String, Object> entry(String stateKey, LeadEvent event) {
        Map<String, Object> entry = new LinkedHashMap<>();
        if (!event.leadKey().equals(stateKey)) {
            entry.put("leadKey", event.leadKey());
        }
        entry.put("eventId", event.eventId());
        entry.put("occurredAt", event.occurredAt().toString());
        entry.put("type", event.type());
        entry.put("attributes", event.attributes());
        if (!event.aliases().isEmpty()) {
            entry.put("aliases", event.aliases());
        }
        return entry;
    }

    static List<LeadEvent> events(String leadKey, AttributeValue packed) {
        if (packed == null || packed.b() == null) {
            return List.of();
        }
        try (GZIPInputStream gzip = new GZIPInputStream(packed.b().asInputStream())) {
            List<LeadEvent> events = new ArrayList<>();
            for (JsonNode entry : JSON.readTree(gzip)) {
                Map<String, Object> attributes = new LinkedHashMap<>();
                entry.path("attributes")
                        .fields()
                        .forEachRemaining(
                                a ->
                                        attributes.put(
                                                a.getKey(),
                                                a.getValue().isNumber()
                                                        ? a.getValue().decimalValue()
                                                        : a.getValue().isBoolean()
                                                                ? (Object)
                                                                        a.getValue().booleanValue()
                                                                : a.getValue().asText()));
                List<String> aliases = new ArrayList<>();
                entry.path("aliases").forEach(alias -> aliases.add(alias.asText()));
                events.add(
                        new LeadEvent(
                                entry.path("leadKey").asText(leadKey),
                                entry.path("eventId").asText(),
                                Instant.parse(entry.path("occurredAt").asText()),
                                entry.path("type").asText(),
                                attributes,
                                aliases));
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "the stored events of lead " + leadKey + " cannot be read", e);
        }
    }

    private static Map<String, AttributeValue> fields(LeadEvent event) {
        Map<String, AttributeValue> fields = new HashMap<>();
        fields.put("eventId", AttributeValue.fromS(event.eventId()));
        fields.put("occurredAt", AttributeValue.fromS(event.occurredAt().toString()));
        fields.put("type", AttributeValue.fromS(event.type()));
        fields.put("attributes", AttributeValues.ofMap(event.attributes()));
        if (!event.aliases().isEmpty()) {
            fields.put(
                    "aliases",
                    AttributeValue.fromL(
                            event.aliases().stream().map(AttributeValue::fromS).toList()));
        }
        return fields;
    }
}
