package dev.stageline.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The report table: one item per granularity, breakdown and period, keyed {@code FUNNEL#month} (or
 * {@code FUNNEL#month#country} for a breakdown) and {@code 2026-01-01}, holding the period's
 * figures as a JSON document. A rerun overwrites the item, so aggregating a period twice leaves one
 * answer.
 */
public final class ReportStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public ReportStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * One stored period: its bounds, when it was computed, and its figures as JSON.
     *
     * @param dimension the breakdown's dimension, or the empty string for the unbroken figures
     */
    public record StoredPeriod(
            String granularity,
            String dimension,
            LocalDate start,
            LocalDate end,
            String label,
            Instant asOf,
            boolean partial,
            String model,
            String figuresJson) {}

    public void put(StoredPeriod period) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(partition(period.granularity(), period.dimension())));
        item.put("sk", AttributeValue.fromS(period.start().toString()));
        item.put("end", AttributeValue.fromS(period.end().toString()));
        item.put("label", AttributeValue.fromS(period.label()));
        item.put("asOf", AttributeValue.fromS(period.asOf().toString()));
        item.put("partial", AttributeValue.fromBool(period.partial()));
        item.put("model", AttributeValue.fromS(period.model()));
        item.put("figures", AttributeValue.fromS(period.figuresJson()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    /** The stored periods starting in {@code [from, to)}, by start date. */
    public Map<LocalDate, StoredPeriod> periods(
            String granularity, String dimension, LocalDate from, LocalDate to) {
        QueryRequest query =
                QueryRequest.builder()
                        .tableName(table)
                        .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                        .expressionAttributeValues(
                                Map.of(
                                        ":pk",
                                                AttributeValue.fromS(
                                                        partition(granularity, dimension)),
                                        ":from", AttributeValue.fromS(from.toString()),
                                        ":to", AttributeValue.fromS(to.toString())))
                        .build();
        Map<LocalDate, StoredPeriod> periods = new LinkedHashMap<>();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(query).items()) {
            LocalDate start = LocalDate.parse(item.get("sk").s());
            if (start.isBefore(to)) {
                periods.put(
                        start,
                        new StoredPeriod(
                                granularity,
                                dimension,
                                start,
                                LocalDate.parse(item.get("end").s()),
                                item.get("label").s(),
                                Instant.parse(item.get("asOf").s()),
                                item.get("partial").bool(),
                                item.get("model").s(),
                                item.get("figures").s()));
            }
        }
        return periods;
    }

    /**
     * Where the aggregation of one granularity stands: the first day any lead was active, and the
     * instant of its last run.
     */
    public record Watermark(LocalDate firstDay, Instant asOf) {}

    public Optional<Watermark> watermark(String granularity) {
        Map<String, AttributeValue> item =
                dynamo.getItem(
                                b ->
                                        b.tableName(table)
                                                .key(watermarkKey(granularity))
                                                .consistentRead(true))
                        .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Watermark(
                        LocalDate.parse(item.get("firstDay").s()),
                        Instant.parse(item.get("asOf").s())));
    }

    public void putWatermark(String granularity, Watermark watermark) {
        Map<String, AttributeValue> item = new HashMap<>(watermarkKey(granularity));
        item.put("firstDay", AttributeValue.fromS(watermark.firstDay().toString()));
        item.put("asOf", AttributeValue.fromS(watermark.asOf().toString()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    private static Map<String, AttributeValue> watermarkKey(String granularity) {
        return Map.of(
                "pk", AttributeValue.fromS("AGGREGATED#" + granularity),
                "sk", AttributeValue.fromS("-"));
    }

    private static String partition(String granularity, String dimension) {
        return "FUNNEL#" + granularity + (dimension.isEmpty() ? "" : "#" + dimension);
    }
}
