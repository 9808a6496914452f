package dev.stageline.ingest.marketo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stageline.engine.LeadEvent;
import dev.stageline.ingest.RejectedRequest;
import dev.stageline.ingest.Source;
import dev.stageline.ingest.SourceCatalog;
import dev.stageline.ingest.WebhookRequest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code marketo} source of config/sources.yaml reading the bodies under events/marketo, and
 * each way a call is refused, above all bodies broken by tokens sent without encoding.
 */
class MarketoSourceTest {

    static final String SECRET = "mkto-sample-secret-8e20b6a5";
    private static final Set<String> ALLOWED = Set.of("score", "country", "source", "lead_status");
    private static final Instant NOW = Instant.parse("2026-11-10T00:00:00Z");
    private static final Source.Context CONTEXT =
            new Source.Context(
                    name ->
                            name.equals("STAGELINE_SECRET_MARKETO")
                                    ? Optional.of(SECRET)
                                    : Optional.empty(),
                    ALLOWED,
                    NOW);

    private final Source marketo = catalog(read("config/sources.yaml"));

    private static Source catalog(String yaml) {
        return SourceCatalog.parse("sources.yaml", yaml).source("marketo").orElseThrow();
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static WebhookRequest post(String contentType, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", contentType);
        headers.put("x-stageline-token", SECRET);
        return new WebhookRequest(
                "marketo", "POST", "", headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static WebhookRequest json(String body) {
        return post("application/json", body);
    }

    private static WebhookRequest form(String body) {
        return post("application/x-www-form-urlencoded", body);
    }

    private LeadEvent event(WebhookRequest request) {
        List<LeadEvent> events = marketo.read(request, CONTEXT).events();
        assertEquals(1, events.size());
        return events.getFirst();
    }

    private RejectedRequest refusal(WebhookRequest request) {
        return assertThrows(RejectedRequest.class, () -> marketo.read(request, CONTEXT));
    }

    @Test
    void read_whenJsonTemplate_mapsTheCall() {
        assertEquals(
                new LeadEvent(
                        "marketo:4217",
                        "4217:2026-11-06 08:12:40",
                        Instant.parse("2026-11-06T08:12:40Z"),
                        "form_submitted",
                        Map.of(
                                "score", "35",
                                "country", "FR",
                                "source", "Paid Search",
                                "lead_status", "New")),
                event(json(read("events/marketo/form-filled.json"))));
    }

    @Test
    void read_whenFormTemplate_decodesTheFields() {
        assertEquals(
                new LeadEvent(
                        "marketo:4218",
                        "4218:2026-11-06 09:01:05",
                        Instant.parse("2026-11-06T09:01:05Z"),
                        "demo_requested",
                        Map.of(
                                "score", "70",
                                "country", "ES",
                                "source", "Trade Show",
                                "lead_status", "Working & Nurturing")),
                event(form(read("events/marketo/demo-requested.form"))));
    }

    @Test
    void read_whenGet_takesTheFieldsFromTheQuery() {
        WebhookRequest get =
                new WebhookRequest(
                        "marketo",
                        "GET",
                        "leadId=4219&callId=c-1&type=page_viewed"
                                + "&occurredAt=2026-11-06T11%3A20%3A00%2B01%3A00&score=55",
                        Map.of("x-stageline-token", SECRET),
                        new byte[0]);

        assertEquals(
                new LeadEvent(
                        "marketo:4219",
                        "4219:c-1",
                        Instant.parse("2026-11-06T10:20:00Z"),
                        "page_viewed",
                        Map.of("score", "55")),
                event(get));
    }

    @Test
    void read_whenJsonNumbersAndEpochMillis_keepsNumbers() {
        LeadEvent event =
                event(
                        json(
                                """
                                {"leadId": 4220, "callId": "x", "type": "t",
                                 "occurredAt": 1793951560000, "score": 12.5}\
                                """));

        assertEquals("marketo:4220", event.leadKey());
        assertEquals(Instant.ofEpochMilli(1_793_951_560_000L), event.occurredAt());
        assertEquals(Map.of("score", new BigDecimal("12.5")), event.attributes());
    }

    @Test
    void read_whenTimeZoneConfigured_readsSystemDateTimeInIt() {
        Source chicago =
                catalog(
                        read("config/sources.yaml")
                                .replace("timeZone: UTC", "timeZone: America/Chicago"));

        LeadEvent event =
                chicago.read(json(read("events/marketo/form-filled.json")), CONTEXT)
                        .events()
                        .getFirst();

        // 08:12:40 in Chicago on 6 November 2026 (CST, UTC-6).
        assertEquals(Instant.parse("2026-11-06T14:12:40Z"), event.occurredAt());
    }

    @Test
    void read_whenHeaderMissing_refuses401BeforeParsing() {
        WebhookRequest request =
                new WebhookRequest(
                        "marketo",
                        "POST",
                        "",
                        Map.of("content-type", "application/json"),
                        "{".getBytes(StandardCharsets.UTF_8));

        RejectedRequest e = refusal(request);

        assertEquals(401, e.status());
        assertEquals("missing_token", e.code());
        assertTrue(e.getMessage().contains("x-stageline-token"), e.getMessage());
    }

    @Test
    void read_whenHeaderWrong_refuses401BeforeParsing() {
        WebhookRequest request =
                new WebhookRequest(
                        "marketo",
                        "POST",
                        "",
                        Map.of("content-type", "text/plain", "x-stageline-token", "guess"),
                        "{".getBytes(StandardCharsets.UTF_8));

        RejectedRequest e = refusal(request);

        assertEquals(401, e.status());
        assertEquals("bad_token", e.code());
    }

    @Test
    void read_whenContentTypeUnsupported_refuses415() {
        RejectedRequest e = refusal(post("text/plain", read("events/marketo/form-filled.json")));

        assertEquals(415, e.status());
    }

    @Test
    void read_whenFormatJsonAndFormArrives_refuses415() {
        Source jsonOnly =
                catalog(read("config/sources.yaml").replace("format: auto", "format: json"));

        RejectedRequest e =
                assertThrows(
                        RejectedRequest.class,
                        () ->
                                jsonOnly.read(
                                        form(read("events/marketo/demo-requested.form")), CONTEXT));

        assertEquals(415, e.status());
    }

    @Test
    void read_whenUnescapedQuoteInJson_refusesSayingHowToFixIt() {
        String broken =
                """
                {"leadId": "4217", "callId": "c", "type": "t", "occurredAt": "2026-11-06 08:12:40",
                 "source": "The "Big" Expo"}\
                """;

        RejectedRequest e = refusal(json(broken));

        assertEquals(400, e.status());
        assertEquals("malformed_body", e.code());
        assertTrue(e.getMessage().contains("unescaped token"), e.getMessage());
        assertTrue(
                e.getMessage().contains("Request Token Encoding is None; set it to JSON"),
                e.getMessage());
    }

    @Test
    void read_whenUnescapedLineBreakInJson_refuses() {
        String broken =
                "{\"leadId\": \"4217\", \"callId\": \"c\", \"type\": \"t\", \"occurredAt\":"
                        + " \"2026-11-06 08:12:40\", \"source\": \"line one\nline two\"}";

        RejectedRequest e = refusal(json(broken));

        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("set it to JSON"), e.getMessage());
    }

    @Test
    void read_whenUnescapedAmpersandInForm_refusesSayingHowToFixIt() {
        String broken =
                "leadId=4218&callId=c&type=t&occurredAt=2026-11-06+09%3A01%3A05"
                        + "&leadStatus=Working&Nurturing";

        RejectedRequest e = refusal(form(broken));

        assertEquals(400, e.status());
        assertEquals("malformed_body", e.code());
        assertTrue(e.getMessage().contains("unescaped token"), e.getMessage());
        assertTrue(e.getMessage().contains("'Nurturing'"), e.getMessage());
        assertTrue(e.getMessage().contains("set it to Form/Url"), e.getMessage());
    }

    @Test
    void read_whenAmpersandSplitsIntoARepeatedField_refuses() {
        String broken =
                "leadId=4218&callId=c&type=t&occurredAt=2026-11-06+09%3A01%3A05"
                        + "&source=A&type=B";

        RejectedRequest e = refusal(form(broken));

        assertTrue(e.getMessage().contains("field 'type' repeats"), e.getMessage());
    }

    @Test
    void read_whenRawLineBreakOrSpaceInForm_refuses() {
        String base = "leadId=4218&callId=c&type=t&occurredAt=2026-11-06+09%3A01%3A05&source=";

        assertTrue(refusal(form(base + "a\nb")).getMessage().contains("raw line break"));
        assertTrue(refusal(form(base + "Trade Show")).getMessage().contains("raw space"));
        assertTrue(refusal(form(base + "100%")).getMessage().contains("'%'"));
    }

    @Test
    void read_whenLeadIdMissing_refusesNamingIt() {
        RejectedRequest e =
                refusal(
                        json(
                                """
                                {"callId": "c", "type": "t", "occurredAt": "2026-11-06 08:12:40"}\
                                """));

        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("the lead id (/leadId) is missing"), e.getMessage());
    }

    @Test
    void read_whenTimeUnreadable_refusesNamingTheFormats() {
        RejectedRequest e =
                refusal(
                        json(
                                """
                                {"leadId": "1", "callId": "c", "type": "t", "occurredAt": "06/11/2026"}\
                                """));

        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("'yyyy-MM-dd HH:mm:ss' in UTC"), e.getMessage());
    }

    @Test
    void read_whenArrayBody_refuses() {
        RejectedRequest e = refusal(json("[]"));

        assertEquals(400, e.status());
        assertEquals("invalid_body", e.code());
    }

    @Test
    void read_whenPut_refuses405() {
        RejectedRequest e =
                refusal(
                        new WebhookRequest(
                                "marketo",
                                "PUT",
                                "",
                                Map.of("x-stageline-token", SECRET),
                                new byte[0]));

        assertEquals(405, e.status());
    }

    @Test
    void fromConfig_whenTypeAndEventTypeBothGiven_stopsStartUp() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                catalog(
                                        read("config/sources.yaml")
                                                .replace(
                                                        "    timeZone: UTC\n",
                                                        "    timeZone: UTC\n    eventType: x\n")));

        assertTrue(e.getMessage().contains("either 'type'"), e.getMessage());
    }

    @Test
    void fromConfig_whenFormatUnknown_stopsStartUp() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                catalog(
                                        read("config/sources.yaml")
                                                .replace("format: auto", "format: xml")));

        assertTrue(e.getMessage().contains("'format' is auto, json or form"), e.getMessage());
    }
}
