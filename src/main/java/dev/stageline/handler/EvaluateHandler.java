package dev.stageline.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.stageline.evaluate.LeadEvaluator;
import dev.stageline.log.JsonLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fed by the lead table's stream: re-evaluates each lead that received a new event. A batch's
 * records are grouped by lead so that a lead is evaluated once however many of its events
 * arrived; a lead whose evaluation fails is reported by its earliest record, so that Lambda
 * retries from there and no later event of that lead is skipped.
 */
public final class EvaluateHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private static final JsonLog LOG = JsonLog.named("evaluate");

    private final Application app;

    public EvaluateHandler() {
        this(Application.fromEnvironment());
    }

    public EvaluateHandler(Application app) {
        this.app = app;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        long started = System.nanoTime();
        Map<String, String> firstRecordByLead = new LinkedHashMap<>();
        for (DynamodbEvent.DynamodbStreamRecord record : records(event)) {
            leadKey(record).ifPresent(lead ->
                    firstRecordByLead.putIfAbsent(lead, record.getDynamodb().getSequenceNumber()));
        }

        LeadEvaluator evaluator = app.evaluator();
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        int changed = 0;
        for (var lead : firstRecordByLead.entrySet()) {
            try {
                if (evaluator.evaluate(lead.getKey()).changed()) {
                    changed++;
                }
            } catch (RuntimeException e) {
                LOG.error("evaluation failed", "leadKey", lead.getKey(),
                        "exception", e.getClass().getName(), "reason", String.valueOf(e.getMessage()));
                failures.add(new StreamsEventResponse.BatchItemFailure(lead.getValue()));
            }
        }

        LOG.info("batch evaluated", "records", records(event).size(), "leads", firstRecordByLead.size(),
                "changed", changed, "failed", failures.size(),
                "ms", (System.nanoTime() - started) / 1_000_000);
        return new StreamsEventResponse(failures);
    }

    private static List<DynamodbEvent.DynamodbStreamRecord> records(DynamodbEvent event) {
        return event.getRecords() == null ? List.of() : event.getRecords();
    }

    /** The lead of a newly inserted event item; other records are none of this function's. */
    static Optional<String> leadKey(DynamodbEvent.DynamodbStreamRecord record) {
        if (!"INSERT".equals(record.getEventName()) || record.getDynamodb() == null) {
            return Optional.empty();
        }
        Map<String, AttributeValue> image = record.getDynamodb().getNewImage();
        if (image == null || image.get("sk") == null || image.get("leadKey") == null) {
            return Optional.empty();
        }
        String sk = image.get("sk").getS();
        return sk != null && sk.startsWith("EVENT#")
                ? Optional.ofNullable(image.get("leadKey").getS())
                : Optional.empty();
    }
}
