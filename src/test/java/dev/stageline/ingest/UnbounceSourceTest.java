package dev.stageline.ingest;

import static dev.stageline.ingest.FormSourceTest.FORM_TYPE;
import static dev.stageline.ingest.FormSourceTest.context;
import static dev.stageline.ingest.FormSourceTest.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stageline.engine.LeadEvent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The {@code unbounce} source of config/sources.yaml: data.json answers, page fields, a token. */
class UnbounceSourceTest {

    private static final String TOKEN = "test-unbounce-token-0123456789";

    private final Source unbounce =
            SourceCatalog.load("config/sources.yaml").source("unbounce").orElseThrow();

    private static String sample() {
        try {
            return Files.readString(Path.of("events/unbounce/webinar-signup.txt")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withData(String json) {
        return "page_id=p1&variant=a&data.json=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    private Source.Delivery read(String body) {
        return unbounce.read(
                post(
                        "unbounce",
                        Map.of("content-type", FORM_TYPE, "x-stageline-token", TOKEN),
                        "",
                        body.getBytes(StandardCharsets.UTF_8)),
                context("STAGELINE_SECRET_UNBOUNCE", TOKEN));
    }

    private RejectedRequest refused(String body) {
        return assertThrows(RejectedRequest.class, () -> read(body));
    }

    @Test
    void read_whenSample_mapsAnswersAndPageFieldsWithUnbouncesTime() {
        Source.Delivery delivery = read(sample());

        assertEquals(
                List.of(
                        new LeadEvent(
                                // sha256 of "ann@example.com", from `printf 'ann@example.com' |
                                // sha256sum`
                                "unbounce:sha256-71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b16696476",
                                // digest computed with Python's hashlib over the page fields and
                                // the answers, in the documented canonical form
                                "unbounce-d1ff3ecc3ebdc94342db36d081ba07f3",
                                Instant.parse("2026-11-02T09:15:00Z"),
                                "form_submitted",
                                Map.of(
                                        "country", "DE",
                                        "company_size", "51-200",
                                        "source", "Webinar signup"))),
                delivery.events());
    }

    @Test
    void read_whenRedeliveredOrChanged_keepsOrChangesTheEventId() {
        String first =
                read(withData("{\"email\":[\"a@b.example\"],\"country\":[\"DE\"]}"))
                        .events()
                        .get(0)
                        .eventId();
        String again =
                read(withData("{\"email\":[\"a@b.example\"],\"country\":[\"DE\"]}"))
                        .events()
                        .get(0)
                        .eventId();
        String changed =
                read(withData("{\"email\":[\"a@b.example\"],\"country\":[\"FR\"]}"))
                        .events()
                        .get(0)
                        .eventId();

        assertEquals(first, again);
        assertTrue(!first.equals(changed));
    }

    @Test
    void read_whenNoSubmissionTime_datesTheReceipt() {
        LeadEvent event = read(withData("{\"email\":[\"a@b.example\"]}")).events().get(0);

        assertEquals(FormSourceTest.NOW, event.occurredAt());
    }

    @Test
    void read_whenDataJsonMissingOrMalformed_namesTheProblem() {
        assertEquals(
                "the post has no data.json field; is this an Unbounce form webhook?",
                refused("page_id=p1").getMessage());
        assertEquals("malformed_body", refused(withData("{\"email\":")).code());
        assertEquals(
                "data.json must be a JSON object of arrays", refused(withData("[1]")).getMessage());
        assertEquals(
                "data.json field 'email' must be an array, as Unbounce sends every answer",
                refused(withData("{\"email\":\"a@b.example\"}")).getMessage());
        assertEquals(
                "data.json field 'email' holds object; answers are strings, numbers or booleans",
                refused(withData("{\"email\":[{\"x\":1}]}")).getMessage());
    }

    @Test
    void read_whenLeadFieldHasTwoAnswers_refusesRepeatedField() {
        RejectedRequest e = refused(withData("{\"email\":[\"a@b.example\",\"c@d.example\"]}"));

        assertEquals("repeated_field", e.code());
    }

    @Test
    void read_whenSubmissionTimeUnreadable_namesTheExpectedForm() {
        RejectedRequest e =
                refused(
                        withData(
                                "{\"email\":[\"a@b.example\"],\"date_submitted\":[\"02/11/2026\"],"
                                        + "\"time_submitted\":[\"9:15\"]}"));

        assertEquals(
                "date_submitted and time_submitted must read like 2026-11-02 and 09:15 AM UTC, got"
                        + " '02/11/2026 9:15'",
                e.getMessage());
    }

    @Test
    void read_whenTokenWrong_refuses401() {
        RejectedRequest e =
                assertThrows(
                        RejectedRequest.class,
                        () ->
                                unbounce.read(
                                        post(
                                                "unbounce",
                                                Map.of(
                                                        "content-type",
                                                        FORM_TYPE,
                                                        "x-stageline-token",
                                                        "wrong-token-0123456789"),
                                                "",
                                                sample().getBytes(StandardCharsets.UTF_8)),
                                        context("STAGELINE_SECRET_UNBOUNCE", TOKEN)));

        assertEquals(401, e.status());
        assertEquals("bad_token", e.code());
    }

    @Test
    void parse_whenAskedToVerifySignatures_explainsUnbounceCannotSign() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                SourceCatalog.parse(
                                        "t.yaml",
                                        "sources:\n  u:\n    kind: unbounce\n"
                                                + "    auth: standard-webhooks\n    secret: S\n"
                                                + "    leadKey: email\n"));

        assertTrue(e.getMessage().contains("Unbounce cannot sign its posts"), e.getMessage());
    }
}
