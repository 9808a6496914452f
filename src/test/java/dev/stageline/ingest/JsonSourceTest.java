package dev.stageline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stageline.engine.LeadEvent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The {@code web} source of config/sources.yaml mapping the sample bodies under events/web, and
 * every way a body is refused. A refused body stores nothing, so one bad event refuses them all.
 */
class JsonSourceTest {

    /** The attribute allow-list of models/default.yaml. */
    private static final Set<String> ALLOWED =
            Set.of(
                    "score",
                    "country",
                    "source",
                    "lead_status",
                    "company_size",
                    "budget_confirmed",
                    "deal_stage");

    private static final Instant NOW = Instant.parse("2026-11-10T00:00:00Z");
    private static final String DELIVERY = "msg_2Lq7vYk3N9cWm4Rz8TfB1xHd";

    /** As the ingestion parses bodies: decimals stay exact. */
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final JsonSource web =
            SourceCatalog.parse("config/sources.yaml", read("config/sources.yaml"))
                    .source("web")
                    .map(JsonSource.class::cast)
                    .orElseThrow();

    // bodies that map

    @Test
    void events_whenObjectBody_mapsItToOneEvent() {
        List<LeadEvent> events =
                web.events(json(read("events/web/form-submitted.json")), DELIVERY, ALLOWED, NOW);

        assertEquals(
                List.of(
                        new LeadEvent(
                                "web:L-1001",
                                "evt_1001",
                                Instant.parse("2026-11-02T09:15:00Z"),
                                "form_submitted",
                                Map.of(
                                        "score",
                                        new BigDecimal("20"),
                                        "country",
                                        "DE",
                                        "source",
                                        "webinar"))),
                events);
    }

    @Test
    void events_whenArrayBody_mapsEachEventInBodyOrder() {
        List<LeadEvent> events =
                web.events(json(read("events/web/batch.json")), DELIVERY, ALLOWED, NOW);

        assertEquals(
                List.of(
                        new LeadEvent(
                                "web:L-2002",
                                "evt_2001",
                                at("2026-11-04T08:00:00Z"),
                                "contact_created",
                                Map.of(
                                        "score",
                                        new BigDecimal("10"),
                                        "country",
                                        "FR",
                                        "source",
                                        "ads")),
                        new LeadEvent(
                                "web:L-2002",
                                "evt_2002",
                                at("2026-11-06T10:30:00Z"),
                                "sales_accepted",
                                Map.of("score", new BigDecimal("70"))),
                        new LeadEvent(
                                "web:L-3003",
                                "evt_3001",
                                at("2026-11-05T12:00:00Z"),
                                "form_submitted",
                                Map.of(
                                        "score",
                                        new BigDecimal("80"),
                                        "country",
                                        "US",
                                        "source",
                                        "organic"))),
                events);
    }

    @Test
    void events_whenEventSetsNoAttribute_hasNone() {
        LeadEvent event =
                only(
                        web.events(
                                json(read("events/web/sales-accepted.json")),
                                DELIVERY,
                                ALLOWED,
                                NOW));

        assertEquals(Map.of(), event.attributes());
    }

    @Test
    void events_whenAttributeIsNotAllowed_dropsIt() {
        LeadEvent event =
                only(
                        web.events(
                                json(read("events/web/form-submitted.json")),
                                DELIVERY,
                                Set.of("score", "lead_status"),
                                NOW));

        assertEquals(Map.of("score", new BigDecimal("20")), event.attributes());
    }

    @Test
    void events_whenAttributeIsNull_leavesItOut() {
        LeadEvent event =
                only(
                        web.events(
                                json(
                                        """
                                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z",
                                         "lead": {"id": "L-1", "country": null, "score": 5}}
                                        """),
                                DELIVERY,
                                ALLOWED,
                                NOW));

        assertEquals(Map.of("score", new BigDecimal("5")), event.attributes());
    }

    @Test
    void events_whenAttributesAreNumbersBooleansAndStrings_keepsTheirTypes() {
        LeadEvent event =
                only(
                        web.events(
                                json(
                                        """
                                        {"id": "evt_1", "type": "field_changed", "occurredAt": "2026-11-02T09:15:00Z",
                                         "lead": {"id": "L-1", "score": 12.5, "companySize": 250,
                                                  "budgetConfirmed": true, "status": "qualified", "country": "20"}}
                                        """),
                                DELIVERY,
                                ALLOWED,
                                NOW));

        assertEquals(
                Map.of(
                        "score",
                        new BigDecimal("12.5"),
                        "company_size",
                        new BigDecimal("250"),
                        "budget_confirmed",
                        Boolean.TRUE,
                        "lead_status",
                        "qualified",
                        "country",
                        "20"),
                event.attributes());
    }

    @Test
    void events_whenOccurredAtIsEpochMillis_readsIt() {
        LeadEvent event =
                only(
                        web.events(
                                json(
                                        """
                                        {"id": "evt_1", "type": "form_submitted", "occurredAt": 1793610900000,
                                         "lead": {"id": "L-1"}}
                                        """),
                                DELIVERY,
                                ALLOWED,
                                NOW));

        assertEquals(Instant.parse("2026-11-02T09:15:00Z"), event.occurredAt());
    }

    @Test
    void events_whenOccurredAtHasAnOffset_readsTheInstant() {
        LeadEvent event =
                only(
                        web.events(
                                json(
                                        """
                                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-02T10:15:00+01:00",
                                         "lead": {"id": "L-1"}}
                                        """),
                                DELIVERY,
                                ALLOWED,
                                NOW));

        assertEquals(Instant.parse("2026-11-02T09:15:00Z"), event.occurredAt());
    }

    @Test
    void events_whenOccurredAtIsADayAhead_acceptsIt() {
        LeadEvent event =
                only(
                        web.events(
                                json(
                                        """
                                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-11T00:00:00Z",
                                         "lead": {"id": "L-1"}}
                                        """),
                                DELIVERY,
                                ALLOWED,
                                NOW));

        assertEquals(Instant.parse("2026-11-11T00:00:00Z"), event.occurredAt());
    }

    @Test
    void events_whenLeadIdIsANumber_usesItsDigits() {
        LeadEvent event =
                only(
                        web.events(
                                json(
                                        """
                                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z",
                                         "lead": {"id": 847297356}}
                                        """),
                                DELIVERY,
                                ALLOWED,
                                NOW));

        assertEquals("web:847297356", event.leadKey());
    }

    @Test
    void events_whenHundredEvents_acceptsThemAll() {
        List<LeadEvent> events = web.events(json(batchOf(100)), DELIVERY, ALLOWED, NOW);

        assertEquals(100, events.size());
        assertEquals("evt_99", events.get(99).eventId());
    }

    @Test
    void events_whenSourceHasOtherPointersAndNoPrefixOrEventId_usesDefaults() {
        JsonSource forms =
                SourceCatalog.parse(
                                "sources.yaml",
                                """
                                sources:
                                  forms:
                                    secret: STAGELINE_SECRET_FORMS
                                    leadKey: /contact/id
                                    occurredAt: /submitted_at
                                    type: /event
                                    attributes:
                                      source: /hidden/utm~1source
                                      country: /contact/address/country
                                """)
                        .source("forms")
                        .map(JsonSource.class::cast)
                        .orElseThrow();

        List<LeadEvent> events =
                forms.events(
                        json(
                                """
                                [{"event": "form_submitted", "submitted_at": "2026-11-02T09:15:00Z",
                                  "contact": {"id": "C-7", "address": {"country": "PT"}},
                                  "hidden": {"utm/source": "newsletter"}},
                                 {"event": "demo_requested", "submitted_at": "2026-11-02T09:20:00Z",
                                  "contact": {"id": "C-7"}}]
                                """),
                        DELIVERY,
                        ALLOWED,
                        NOW);

        assertEquals(
                List.of(
                        new LeadEvent(
                                "forms:C-7",
                                DELIVERY + "#0",
                                at("2026-11-02T09:15:00Z"),
                                "form_submitted",
                                Map.of("source", "newsletter", "country", "PT")),
                        new LeadEvent(
                                "forms:C-7",
                                DELIVERY + "#1",
                                at("2026-11-02T09:20:00Z"),
                                "demo_requested",
                                Map.of())),
                events);
    }

    // bodies that are refused

    @Test
    void events_whenBodyIsNeitherObjectNorArray_isRefused() {
        RejectedRequest refused = refused(400, "invalid_body", "\"form_submitted\"");

        assertMentions(refused, "object");
    }

    @Test
    void events_whenArrayIsEmpty_isRefused() {
        refused(400, "empty_batch", "[]");
    }

    @Test
    void events_whenMoreThanHundredEvents_isRefusedAsTooLarge() {
        RejectedRequest refused = refused(413, "batch_too_large", batchOf(101));

        assertMentions(refused, "100", "101");
    }

    @Test
    void events_whenAnItemIsNotAnObject_isRefusedNamingIt() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_body",
                        """
                        [{"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z",
                          "lead": {"id": "L-1"}},
                         "evt_2"]
                        """);

        assertMentions(refused, "event 1");
    }

    @Test
    void events_whenLeadIdMissing_isRefusedNamingIt() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z",
                         "lead": {"score": 10}}
                        """);

        assertMentions(refused, "lead id", "/lead/id", "missing");
    }

    @Test
    void events_whenEpochMillisOverflowALong_isRefusedNamingIt() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "type": "form_submitted", "occurredAt": 18446744073709552616,
                         "lead": {"id": "L-1"}}
                        """);

        assertMentions(refused, "/occurredAt", "too large");
    }

    @Test
    void events_whenANumberHasAHugeExponent_isRefusedBeforeItIsExpanded() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z",
                         "lead": {"id": "L-1", "score": 1e999999999}}
                        """);

        assertMentions(refused, "score", "range");
    }

    @Test
    void events_whenANumberHasMoreDigitsThanTheStoreHolds_isRefused() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z",
                         "lead": {"id": "L-1", "score": 1.234567890123456789012345678901234567891}}
                        """);

        assertMentions(refused, "score", "38");
    }

    @Test
    void events_whenTextHoldsALoneSurrogate_isRefused() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z",
                         "lead": {"id": "L-1", "country": "\\ud800"}}
                        """);

        assertMentions(refused, "country", "surrogate");
    }

    @Test
    void events_whenLeadIdHoldsAControlCharacter_isRefused() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z",
                         "lead": {"id": "L-\\u0000x"}}
                        """);

        assertMentions(refused, "/lead/id", "control");
    }

    @Test
    void events_whenLeadIdIsAFraction_isRefused() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z",
                         "lead": {"id": 1.5e3}}
                        """);

        assertMentions(refused, "/lead/id", "whole number");
    }

    @Test
    void events_whenOccurredAtIsBefore1990_isRefusedAsAMappingMistake() {
        RejectedRequest year1 =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "0001-01-01T00:00:00Z",
                         "lead": {"id": "L-1"}}
                        """);
        RejectedRequest seconds =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "type": "form_submitted", "occurredAt": 1794300000,
                         "lead": {"id": "L-1"}}
                        """);

        assertMentions(year1, "/occurredAt", "1990");
        assertMentions(seconds, "/occurredAt", "milliseconds");
    }

    @Test
    void events_whenAnAttributeHoldsATerminalEscape_isRefused() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z",
                         "lead": {"id": "L-1", "country": "\\u001b[31mRED"}}
                        """);

        assertMentions(refused, "country", "control");
    }

    @Test
    void events_whenLeadIdBlank_isRefusedNamingIt() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z",
                         "lead": {"id": "  "}}
                        """);

        assertMentions(refused, "/lead/id");
    }

    @Test
    void events_whenTypeMissing_isRefusedNamingIt() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "occurredAt": "2026-11-02T09:15:00Z", "lead": {"id": "L-1"}}
                        """);

        assertMentions(refused, "event type", "/type", "missing");
    }

    @Test
    void events_whenOccurredAtMissing_isRefusedNamingIt() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "type": "form_submitted", "lead": {"id": "L-1"}}
                        """);

        assertMentions(refused, "occurredAt", "missing");
    }

    @Test
    void events_whenOccurredAtIsNotADate_isRefusedQuotingIt() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "yesterday",
                         "lead": {"id": "L-1"}}
                        """);

        assertMentions(refused, "/occurredAt", "'yesterday'");
    }

    @Test
    void events_whenOccurredAtHasNoOffset_isRefused() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00",
                         "lead": {"id": "L-1"}}
                        """);

        assertMentions(refused, "/occurredAt", "offset", "'2026-11-02T09:15:00'");
    }

    @Test
    void events_whenOccurredAtMoreThanADayAhead_isRefused() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-11T00:00:01Z",
                         "lead": {"id": "L-1"}}
                        """);

        assertMentions(refused, "/occurredAt", "2026-11-11T00:00:01Z", "future");
    }

    @Test
    void events_whenAttributeIsAnObject_isRefusedNamingIt() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z",
                         "lead": {"id": "L-1", "score": {"value": 10}}}
                        """);

        assertMentions(refused, "attribute score");
    }

    @Test
    void events_whenAttributeIsAnArray_isRefusedNamingIt() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z",
                         "lead": {"id": "L-1", "country": ["DE", "AT"]}}
                        """);

        assertMentions(refused, "attribute country");
    }

    @Test
    void events_whenOneEventOfABatchIsBad_refusesTheBatchNamingItsIndex() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        [{"id": "evt_0", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z",
                          "lead": {"id": "L-1"}},
                         {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-02T09:16:00Z",
                          "lead": {"score": 10}},
                         {"id": "evt_2", "type": "form_submitted", "occurredAt": "2026-11-02T09:17:00Z",
                          "lead": {"id": "L-3"}}]
                        """);

        assertMentions(refused, "nothing was stored", "event 1: ", "/lead/id");
        assertFalse(refused.getMessage().contains("event 0"), refused.getMessage());
        assertFalse(refused.getMessage().contains("event 2"), refused.getMessage());
    }

    @Test
    void events_whenTwoEventsOfABatchAreBad_namesBoth() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        [{"id": "evt_0", "type": "form_submitted", "occurredAt": "soon",
                          "lead": {"id": "L-1"}},
                         {"id": "evt_1", "type": "form_submitted", "occurredAt": "2026-11-02T09:16:00Z",
                          "lead": {"id": "L-2"}},
                         {"id": "evt_2", "occurredAt": "2026-11-02T09:17:00Z", "lead": {"id": "L-3"}}]
                        """);

        assertMentions(refused, "event 0: ", "'soon'", "event 2: ", "/type");
    }

    // aliases

    @Test
    void events_whenAliasIsAString_namesThatWholeKeyWithoutThePrefix() {
        LeadEvent event =
                only(
                        web.events(
                                json(
                                        """
                                        {"id": "c1", "type": "contact_created", "occurredAt": "2026-11-02T09:15:00Z",
                                         "lead": {"id": "L-7", "aliases": "salesforce:00QXX0000001"}}
                                        """),
                                DELIVERY,
                                ALLOWED,
                                NOW));

        assertEquals("web:L-7", event.leadKey());
        assertEquals(List.of("salesforce:00QXX0000001"), event.aliases());
    }

    @Test
    void events_whenAliasesAreAnArray_keepsEachInOrder() {
        LeadEvent event =
                only(
                        web.events(
                                json(
                                        """
                                        {"id": "m1", "type": "identity.merged", "occurredAt": "2026-11-02T09:15:00Z",
                                         "lead": {"id": "L-7", "aliases": ["web:L-9", " hubspot:42 "]}}
                                        """),
                                DELIVERY,
                                ALLOWED,
                                NOW));

        assertEquals(List.of("web:L-9", "hubspot:42"), event.aliases());
    }

    @Test
    void events_whenNoAliases_namesNone() {
        LeadEvent event =
                only(
                        web.events(
                                json(read("events/web/form-submitted.json")),
                                DELIVERY,
                                ALLOWED,
                                NOW));

        assertEquals(List.of(), event.aliases());
    }

    @Test
    void events_whenAliasLacksItsSystem_isRefusedNamingTheAlias() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "c1", "type": "contact_created", "occurredAt": "2026-11-02T09:15:00Z",
                         "lead": {"id": "L-7", "aliases": ["web:L-9", "00QXX0000001"]}}
                        """);

        assertMentions(refused, "/lead/aliases", "whole lead key", "'00QXX0000001'");
    }

    @Test
    void events_whenAliasIsANumberOrObject_isRefused() {
        RejectedRequest number =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "c1", "type": "contact_created", "occurredAt": "2026-11-02T09:15:00Z",
                         "lead": {"id": "L-7", "aliases": [17]}}
                        """);
        RejectedRequest object =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "c1", "type": "contact_created", "occurredAt": "2026-11-02T09:15:00Z",
                         "lead": {"id": "L-7", "aliases": {"id": "web:L-9"}}}
                        """);

        assertMentions(number, "/lead/aliases must be a lead key or an array of lead keys");
        assertMentions(object, "/lead/aliases must be a lead key or an array of lead keys");
    }

    @Test
    void events_whenAliasHoldsAControlCharacter_isRefused() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "c1", "type": "contact_created", "occurredAt": "2026-11-02T09:15:00Z",
                         "lead": {"id": "L-7", "aliases": "web:L\\u00019"}}
                        """);

        assertMentions(refused, "/lead/aliases", "control character");
    }

    @Test
    void events_whenElevenAliases_isRefused() {
        String eleven =
                IntStream.range(0, 11)
                        .mapToObj(i -> "\"web:L-" + i + "\"")
                        .collect(Collectors.joining(", ", "[", "]"));
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "c1", "type": "contact_created", "occurredAt": "2026-11-02T09:15:00Z",
                         "lead": {"id": "L-7", "aliases": %s}}
                        """
                                .formatted(eleven));

        assertMentions(refused, "more than 10 aliases");
    }

    @Test
    void events_whenMergeEventNamesNoKeys_isRefused() {
        RejectedRequest refused =
                refused(
                        400,
                        "invalid_event",
                        """
                        {"id": "m1", "type": "identity.merged", "occurredAt": "2026-11-02T09:15:00Z",
                         "lead": {"id": "L-7"}}
                        """);

        assertMentions(refused, "identity.merged event must name the merged keys", "/lead/aliases");
    }

    // helpers

    private RejectedRequest refused(int status, String code, String body) {
        RejectedRequest refused =
                assertThrows(
                        RejectedRequest.class,
                        () -> web.events(json(body), DELIVERY, ALLOWED, NOW));
        assertEquals(status, refused.status(), refused.getMessage());
        assertEquals(code, refused.code(), refused.getMessage());
        return refused;
    }

    private static void assertMentions(RejectedRequest refused, String... parts) {
        for (String part : parts) {
            assertTrue(
                    refused.getMessage().contains(part),
                    () -> "'" + refused.getMessage() + "' does not mention '" + part + "'");
        }
    }

    private static LeadEvent only(List<LeadEvent> events) {
        assertEquals(1, events.size());
        return events.getFirst();
    }

    /** {@code count} valid events of one lead, ids evt_0 onwards. */
    private static String batchOf(int count) {
        return IntStream.range(0, count)
                .mapToObj(
                        i ->
                                "{\"id\": \"evt_"
                                        + i
                                        + "\", \"type\": \"page_viewed\", \"occurredAt\":"
                                        + " \"2026-11-02T09:15:00Z\", \"lead\": {\"id\": \"L-1\"}}")
                .collect(Collectors.joining(",\n", "[", "]"));
    }

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
