package dev.stageline.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.stageline.engine.Engine;
import dev.stageline.engine.StageTime;
import dev.stageline.engine.TestOutcome;
import dev.stageline.engine.Transition;
import dev.stageline.log.JsonLog;
import dev.stageline.model.LifecycleModel;
import dev.stageline.model.Stage;
import dev.stageline.store.LeadRecord;
import dev.stageline.store.LeadState;
import dev.stageline.store.LeadStore;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code GET /leads/{leadKey}}: a lead's current stage, attributes and explained history. Any key
 * of a person whose keys were merged answers with the lead kept under the canonical key.
 */
public final class LeadHandler
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final JsonLog LOG = JsonLog.named("lead");
    static final int MAX_LEAD_KEY = 512;

    private final Application app;

    public LeadHandler() {
        this(Application.fromEnvironment());
    }

    public LeadHandler(Application app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String leadKey =
                Optional.ofNullable(event.getPathParameters())
                        .map(p -> p.get("leadKey"))
                        .orElse("");
        if (leadKey.isBlank() || leadKey.length() > MAX_LEAD_KEY) {
            return HttpResponses.error(
                    400,
                    "invalid_lead_key",
                    "the lead key must be 1 to " + MAX_LEAD_KEY + " characters, like web:L-1001");
        }
        try {
            LeadStore store = app.activeLeads();
            String canonical = store.links().canonical(leadKey);
            LeadRecord lead = store.read(canonical);
            if (!lead.exists() || lead.mergedInto().isPresent()) {
                return HttpResponses.error(
                        404,
                        "unknown_lead",
                        "no lead "
                                + leadKey
                                + " has been evaluated; a lead appears here a moment after its"
                                + " first event");
            }
            LOG.info(
                    "lead read",
                    "leadKey",
                    leadKey,
                    "canonicalKey",
                    canonical,
                    "transitions",
                    lead.transitions().size());
            return HttpResponses.json(200, view(lead, leadKey, store.revision(), app));
        } catch (RuntimeException e) {
            LOG.error(
                    "lead read failed",
                    "leadKey",
                    leadKey,
                    "exception",
                    e.getClass().getName(),
                    "reason",
                    String.valueOf(e.getMessage()));
            return HttpResponses.error(
                    500, "internal_error", "the lead could not be read; retry later");
        }
    }

    /**
     * The answer for {@code requestedKey}, which may be any key of the lead: {@code leadKey} is the
     * canonical one, {@code mergedKeys} the others.
     */
    static Map<String, Object> view(
            LeadRecord lead, String requestedKey, String revision, Application app) {
        LifecycleModel model = app.model();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("leadKey", lead.leadKey());
        body.put("requestedKey", requestedKey);
        body.put("mergedKeys", lead.mergedKeys());
        Optional<String> stage = lead.state().flatMap(LeadState::stage);
        body.put("stage", stage.orElse(null));
        body.put("stageName", stage.flatMap(model::stage).map(Stage::name).orElse(null));
        body.put(
                "attributes",
                new TreeMap<>(lead.state().map(LeadState::attributes).orElse(Map.of())));
        body.put("events", lead.events().size());
        body.put("updatedAt", lead.state().map(s -> s.updatedAt().toString()).orElse(null));
        body.put(
                "nextCheck",
                lead.state().flatMap(LeadState::nextCheck).map(Object::toString).orElse(null));
        body.put("model", model.name());
        body.put("revision", revision);
        body.put("transitions", lead.transitions().stream().map(LeadHandler::transition).toList());
        body.put(
                "nextRules",
                app
                        .engine()
                        .nextRules(
                                stage,
                                lead.state().map(LeadState::attributes).orElse(Map.of()),
                                stageTime(lead, model, app.clock().instant()))
                        .stream()
                        .map(LeadHandler::nextRule)
                        .toList());
        return body;
    }

    /** Since when the lead has been in its stage: the instant of its last transition. */
    private static Optional<StageTime> stageTime(
            LeadRecord lead, LifecycleModel model, Instant now) {
        if (lead.transitions().isEmpty()) {
            return Optional.empty();
        }
        Transition last = lead.transitions().getLast();
        String name = model.stage(last.to()).map(Stage::name).orElse(last.to());
        return Optional.of(new StageTime(name, last.at(), now));
    }

    private static Map<String, Object> nextRule(Engine.RuleCheck check) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rule", check.ruleId());
        body.put("to", check.to());
        body.put("holdsNow", check.held());
        body.put("tests", explanation(check.tests()));
        return body;
    }

    private static Map<String, Object> transition(Transition transition) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", transition.from().orElse(null));
        body.put("to", transition.to());
        body.put("at", transition.at().toString());
        body.put("rule", transition.ruleId());
        body.put("eventId", transition.eventId().orElse(null));
        body.put("passedThrough", transition.passedThrough());
        body.put("explanation", explanation(transition.explanation()));
        return body;
    }

    private static List<Map<String, Object>> explanation(List<TestOutcome> outcomes) {
        return outcomes.stream()
                .map(
                        o ->
                                Map.<String, Object>of(
                                        "test", o.test(), "seen", o.seen(), "held", o.held()))
                .toList();
    }
}
