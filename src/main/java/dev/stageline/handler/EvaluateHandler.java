package dev.stageline.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import dev.stageline.engine.LeadEvent;
import dev.stageline.evaluate.LeadEvaluator;
import dev.stageline.log.JsonLog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fed by the lead table's stream: re-evaluates each lead that received a new event. A batch's
 * records are grouped by lead so that a lead is evaluated once however many of its events arrived;
 * a lead whose evaluation fails is reported by its earliest record, so that Lambda retries from
 * there and no later event of that lead is skipped.
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
        Map<String, List<LeadEvent>> arrivedByLead = new LinkedHashMap<>();
        Map<String, String> firstRecordByLead = new LinkedHashMap<>();
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : records(event)) {
            try {
                StreamImages.insertedEvent(record)
                        .ifPresent(
                                arrived -> {
                                    arrivedByLead
                                            .computeIfAbsent(
                                                    arrived.leadKey(), k -> new ArrayList<>())
                                            .add(arrived);
                                    firstRecordByLead.putIfAbsent(
                                            arrived.leadKey(),
                                            record.getDynamodb().getSequenceNumber());
                                });
            } catch (RuntimeException e) {
                LOG.error(
                        "unreadable stream record",
                        "sequenceNumber",
                        record.getDynamodb().getSequenceNumber(),
                        "reason",
                        String.valueOf(e.getMessage()));
                failures.add(
                        new StreamsEventResponse.BatchItemFailure(
                                record.getDynamodb().getSequenceNumber()));
            }
        }

        app.claimRevisionIfNone();
        LeadEvaluator evaluator = app.evaluator();
        int changed = 0;
        for (var lead : arrivedByLead.entrySet()) {
            try {
                if (evaluator.evaluate(lead.getKey(), lead.getValue()).changed()) {
                    changed++;
                }
            } catch (RuntimeException e) {
                LOG.error(
                        "evaluation failed",
                        "leadKey",
                        lead.getKey(),
                        "exception",
                        e.getClass().getName(),
                        "reason",
                        String.valueOf(e.getMessage()));
                failures.add(
                        new StreamsEventResponse.BatchItemFailure(
                                firstRecordByLead.get(lead.getKey())));
            }
        }

        LOG.info(
                "batch evaluated",
                "records",
                records(event).size(),
                "leads",
                arrivedByLead.size(),
                "changed",
                changed,
                "failed",
                failures.size(),
                "ms",
                (System.nanoTime() - started) / 1_000_000);
        return new StreamsEventResponse(failures);
    }

    private static List<DynamodbEvent.DynamodbStreamRecord> records(DynamodbEvent event) {
        return event.getRecords() == null ? List.of() : event.getRecords();
    }
}
