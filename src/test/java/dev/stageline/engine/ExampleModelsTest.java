package dev.stageline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stageline.model.LifecycleModel;
import dev.stageline.model.ModelLoader;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The example models in models/ load, and move leads as their comments say. */
class ExampleModelsTest {

    private static LeadEvent event(
            String id, String at, String type, Map<String, Object> attributes) {
        return new LeadEvent("web:X", id, Instant.parse(at), type, attributes);
    }

    private static List<String> path(LeadHistory history) {
        return history.transitions().stream()
                .map(t -> t.to() + (t.passedThrough() ? "*" : ""))
                .toList();
    }

    @Test
    void conversationReady_whenSalesCreatesAnOpportunity_theLeadIsSalesReady() {
        LifecycleModel model = ModelLoader.load(Path.of("models", "conversation-ready.yaml"));

        LeadHistory history =
                new Engine(model)
                        .replay(
                                "web:X",
                                List.of(
                                        event(
                                                "1",
                                                "2026-03-02T09:00:00Z",
                                                "form_submitted",
                                                Map.of("score", new BigDecimal("20"))),
                                        event(
                                                "2",
                                                "2026-03-03T09:00:00Z",
                                                "demo_requested",
                                                Map.of()),
                                        event(
                                                "3",
                                                "2026-03-04T09:00:00Z",
                                                "opportunity_created",
                                                Map.of()),
                                        event(
                                                "4",
                                                "2026-03-20T09:00:00Z",
                                                "opportunity_updated",
                                                Map.of("opportunity_stage", "Proposal")),
                                        event(
                                                "5",
                                                "2026-04-20T09:00:00Z",
                                                "opportunity_updated",
                                                Map.of("opportunity_stage", "Closed Won"))));

        assertEquals(
                List.of("known", "conversation_ready", "sales_ready", "opportunity", "closed_won"),
                path(history));
        assertEquals("opportunity-created", history.transitions().get(2).ruleId());
    }

    @Test
    void conversationReady_whenAnOpportunityComesFirst_passesThroughTheEarlierStages() {
        LifecycleModel model = ModelLoader.load(Path.of("models", "conversation-ready.yaml"));

        LeadHistory history =
                new Engine(model)
                        .replay(
                                "web:X",
                                List.of(
                                        event(
                                                "1",
                                                "2026-03-04T09:00:00Z",
                                                "opportunity_created",
                                                Map.of())));

        assertEquals(List.of("known*", "conversation_ready*", "sales_ready"), path(history));
    }

    @Test
    void conversationReady_whenNurturedThenReengaged_returnsToConversationReady() {
        LifecycleModel model = ModelLoader.load(Path.of("models", "conversation-ready.yaml"));

        LeadHistory history =
                new Engine(model)
                        .replay(
                                "web:X",
                                List.of(
                                        event(
                                                "1",
                                                "2026-03-02T09:00:00Z",
                                                "contact_created",
                                                Map.of("score", new BigDecimal("75"))),
                                        event(
                                                "2",
                                                "2026-03-10T09:00:00Z",
                                                "status_changed",
                                                Map.of("lead_status", "Nurture")),
                                        event(
                                                "3",
                                                "2026-05-10T09:00:00Z",
                                                "contact_sales_clicked",
                                                Map.of())));

        assertEquals(
                List.of("known*", "conversation_ready", "nurture", "conversation_ready"),
                path(history));
    }

    /** The history of lead web:X under models/recycle.yaml as of {@code asOf}. */
    private static LeadHistory recycle(String asOf, LeadEvent... events) {
        LifecycleModel model = ModelLoader.load(Path.of("models", "recycle.yaml"));
        return new Engine(model).replay("web:X", List.of(events), Instant.parse(asOf));
    }

    @Test
    void recycle_whenThirtyDaysPassInMqlThenInterestReturns_goesToNurtureAndBack() {
        LeadHistory history =
                recycle(
                        "2026-05-20T00:00:00Z",
                        event(
                                "1",
                                "2026-03-02T09:00:00Z",
                                "form_submitted",
                                Map.of("score", new BigDecimal("60"))),
                        event("2", "2026-05-10T09:00:00Z", "demo_requested", Map.of()));

        assertEquals(List.of("lead*", "mql", "nurture", "mql"), path(history));
        assertEquals(Instant.parse("2026-04-01T09:00:00Z"), history.transitions().get(2).at());
        assertEquals(Optional.of(Instant.parse("2026-06-09T09:00:00Z")), history.nextCheck());
    }

    @Test
    void recycle_whenSalesIsWorkingTheLead_keepsItInMql() {
        LeadHistory history =
                recycle(
                        "2026-05-20T00:00:00Z",
                        event(
                                "1",
                                "2026-03-02T09:00:00Z",
                                "form_submitted",
                                Map.of("score", new BigDecimal("60"), "lead_status", "Working")));

        assertEquals(List.of("lead*", "mql"), path(history));
    }

    @Test
    void everyShippedModel_loads() {
        for (String file :
                List.of(
                        "default.yaml",
                        "conversation-ready.yaml",
                        "recycle.yaml",
                        "olist/model.yaml")) {
            assertEquals(false, ModelLoader.load(Path.of("models", file)).stages().isEmpty(), file);
        }
    }
}
