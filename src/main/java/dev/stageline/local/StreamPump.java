package dev.stageline.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;

import dev.stageline.handler.EvaluateHandler;
import dev.stageline.log.JsonLog;

import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays the part of Lambda's event source mapping on a machine without AWS: reads the lead table's
 * stream, keeps the records that the template's filter lets through (inserted event items), and
 * hands them to the {@link EvaluateHandler} as {@link DynamodbEvent}s of up to {@value #BATCH_SIZE}
 * records. Records that the handler reports as failed are delivered again from the first failure,
 * up to {@value #MAX_RETRIES} times, then logged and dropped as Lambda would send them to the
 * failure queue.
 */
public final class StreamPump {

    static final int BATCH_SIZE = 100;
    static final int MAX_RETRIES = 5;
    private static final JsonLog LOG = JsonLog.named("stream");

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final EvaluateHandler handler;
    private final Map<String, String> iterators = new HashMap<>();

    public StreamPump(DynamoDbStreamsClient streams, String streamArn, EvaluateHandler handler) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.handler = handler;
    }

    /** Delivers everything the stream holds now; returns the number of records delivered. */
    public synchronized int drain() {
        int total = 0;
        while (true) {
            int delivered = pollOnce();
            total += delivered;
            if (delivered == 0) {
                return total;
            }
        }
    }

    /** Reads each open shard once and delivers what it held. */
    public synchronized int pollOnce() {
        refreshShards();
        int delivered = 0;
        for (String shard : new ArrayList<>(iterators.keySet())) {
            String iterator = iterators.get(shard);
            if (iterator == null) {
                continue;
            }
            var response = streams.getRecords(b -> b.shardIterator(iterator).limit(1000));
            iterators.put(shard, response.nextShardIterator());
            List<DynamodbEvent.DynamodbStreamRecord> records =
                    response.records().stream()
                            .filter(StreamPump::passesFilter)
                            .map(this::toLambda)
                            .toList();
            for (int i = 0; i < records.size(); i += BATCH_SIZE) {
                deliver(records.subList(i, Math.min(records.size(), i + BATCH_SIZE)));
            }
            delivered += response.records().size();
        }
        return delivered;
    }

    private void refreshShards() {
        List<Shard> shards =
                streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards();
        for (Shard shard : shards) {
            iterators.computeIfAbsent(
                    shard.shardId(),
                    id ->
                            streams.getShardIterator(
                                            b ->
                                                    b.streamArn(streamArn)
                                                            .shardId(id)
                                                            .shardIteratorType(
                                                                    ShardIteratorType.TRIM_HORIZON))
                                    .shardIterator());
        }
    }

    private void deliver(List<DynamodbEvent.DynamodbStreamRecord> batch) {
        List<DynamodbEvent.DynamodbStreamRecord> pending = batch;
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(pending);
            StreamsEventResponse response = handler.handleRequest(event, null);
            List<StreamsEventResponse.BatchItemFailure> failures = response.getBatchItemFailures();
            if (failures == null || failures.isEmpty()) {
                return;
            }
            int first = firstFailure(pending, failures);
            if (attempt >= MAX_RETRIES) {
                LOG.error(
                        "records dropped after retries",
                        "records",
                        pending.size() - first,
                        "firstSequenceNumber",
                        pending.get(first).getDynamodb().getSequenceNumber());
                return;
            }
            pending = pending.subList(first, pending.size());
        }
    }

    private static int firstFailure(
            List<DynamodbEvent.DynamodbStreamRecord> records,
            List<StreamsEventResponse.BatchItemFailure> failures) {
        for (int i = 0; i < records.size(); i++) {
            String sequence = records.get(i).getDynamodb().getSequenceNumber();
            if (failures.stream().anyMatch(f -> sequence.equals(f.getItemIdentifier()))) {
                return i;
            }
        }
        return 0;
    }

    /** The template's FilterCriteria: inserts of items whose sort key starts with EVENT#. */
    static boolean passesFilter(Record record) {
        var image = record.dynamodb().newImage();
        return "INSERT".equals(record.eventNameAsString())
                && image != null
                && image.get("sk") != null
                && image.get("sk").s() != null
                && image.get("sk").s().startsWith("EVENT#");
    }

    private DynamodbEvent.DynamodbStreamRecord toLambda(Record record) {
        StreamRecord change = new StreamRecord();
        change.setKeys(convert(record.dynamodb().keys()));
        change.setNewImage(convert(record.dynamodb().newImage()));
        change.setSequenceNumber(record.dynamodb().sequenceNumber());
        change.setSizeBytes(record.dynamodb().sizeBytes());
        if (record.dynamodb().streamViewTypeAsString() != null) {
            change.setStreamViewType(
                    StreamViewType.fromValue(record.dynamodb().streamViewTypeAsString()));
        }
        if (record.dynamodb().approximateCreationDateTime() != null) {
            change.setApproximateCreationDateTime(
                    Date.from(record.dynamodb().approximateCreationDateTime()));
        }
        DynamodbEvent.DynamodbStreamRecord lambda = new DynamodbEvent.DynamodbStreamRecord();
        lambda.setEventID(record.eventID());
        lambda.setEventName(record.eventNameAsString());
        lambda.setEventSource("aws:dynamodb");
        lambda.setEventVersion(record.eventVersion());
        lambda.setAwsRegion(record.awsRegion());
        lambda.setEventSourceARN(streamArn);
        lambda.setDynamodb(change);
        return lambda;
    }

    private static Map<String, AttributeValue> convert(
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> values) {
        if (values == null) {
            return null;
        }
        Map<String, AttributeValue> converted = new HashMap<>();
        values.forEach((name, value) -> converted.put(name, convert(value)));
        return converted;
    }

    private static AttributeValue convert(
            software.amazon.awssdk.services.dynamodb.model.AttributeValue value) {
        AttributeValue converted = new AttributeValue();
        if (value.s() != null) {
            converted.setS(value.s());
        } else if (value.n() != null) {
            converted.setN(value.n());
        } else if (value.bool() != null) {
            converted.setBOOL(value.bool());
        } else if (Boolean.TRUE.equals(value.nul())) {
            converted.setNULL(true);
        } else if (value.hasM()) {
            converted.setM(convert(value.m()));
        } else if (value.hasL()) {
            converted.setL(value.l().stream().map(StreamPump::convert).toList());
        } else if (value.hasSs()) {
            converted.setSS(value.ss());
        } else if (value.hasNs()) {
            converted.setNS(value.ns());
        }
        return converted;
    }
}
