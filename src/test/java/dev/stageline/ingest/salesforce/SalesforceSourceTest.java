package dev.stageline.ingest.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stageline.engine.LeadEvent;
import dev.stageline.ingest.RejectedRequest;
import dev.stageline.ingest.Reply;
import dev.stageline.ingest.Source;
import dev.stageline.ingest.SourceCatalog;
import dev.stageline.ingest.WebhookRequest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code salesforce} source of config/sources.yaml reading events/salesforce, and each way an
 * outbound message is refused. Expected values are read off the sample message.
 */
class SalesforceSourceTest {

    static final String SECRET = "sf-sample-secret-2f9c41d7";
    static final String ORG = "00D5g000004ZQxEEAW";
    private static final Set<String> ALLOWED =
            Set.of("score", "country", "source", "lead_status", "company_size");
    private static final Instant NOW = Instant.parse("2026-11-10T00:00:00Z");
    private static final Source.Context CONTEXT =
            new Source.Context(
                    name ->
                            name.equals("STAGELINE_SECRET_SALESFORCE")
                                    ? Optional.of(SECRET)
                                    : Optional.empty(),
                    ALLOWED,
                    NOW);

    private final Source salesforce = catalog(read("config/sources.yaml"));

    static Source catalog(String yaml) {
        return SourceCatalog.parse("sources.yaml", yaml).source("salesforce").orElseThrow();
    }

    static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WebhookRequest request(String query, String contentType, String body) {
        return new WebhookRequest(
                "salesforce",
                "POST",
                query,
                Map.of("content-type", contentType),
                body.getBytes(StandardCharsets.UTF_8));
    }

    static WebhookRequest signed(String body) {
        return request("token=" + SECRET, "text/xml; charset=utf-8", body);
    }

    /** An outbound message from {@code organization} holding {@code notifications}. */
    static String message(String organization, String notifications) {
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
         <soapenv:Body>
          <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
           <OrganizationId>%s</OrganizationId>
           <ActionId>04k5g000000Tn2BAAS</ActionId>
           <SessionId xsi:nil="true"/>
           %s
          </notifications>
         </soapenv:Body>
        </soapenv:Envelope>
        """
                .formatted(organization, notifications);
    }

    /** One notification of {@code type} whose sObject holds {@code fields} (sf: elements). */
    static String notification(String id, String type, String fields) {
        return """
        <Notification><Id>%s</Id>
         <sObject xsi:type="%s" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">%s</sObject>
        </Notification>\
        """
                .formatted(id, type, fields);
    }

    static String lead(String id, String fields) {
        return notification(
                id,
                "sf:Lead",
                "<sf:Id>00Q5g00000Ab1CdEAJ</sf:Id>"
                        + "<sf:LastModifiedDate>2026-11-04T10:30:00.000Z</sf:LastModifiedDate>"
                        + fields);
    }

    private RejectedRequest refusal(WebhookRequest request) {
        return assertThrows(RejectedRequest.class, () -> salesforce.read(request, CONTEXT));
    }

    @Test
    void read_whenSampleMessage_mapsEachNotification() {
        List<LeadEvent> events =
                salesforce
                        .read(signed(read("events/salesforce/notifications.xml")), CONTEXT)
                        .events();

        assertEquals(
                List.of(
                        new LeadEvent(
                                "salesforce:00Q5g00000Ab1CdEAJ",
                                "00D5g000004ZQxEEAW:04l5g00000KkPqRAAV",
                                Instant.parse("2026-11-04T10:30:00Z"),
                                "lead_updated",
                                Map.of(
                                        "lead_status", "Working - Contacted",
                                        "country", "DE",
                                        "source", "Webinar",
                                        "company_size", "250"),
                                List.of()),
                        new LeadEvent(
                                "salesforce:00Q5g00000Ab2EfEAJ",
                                "00D5g000004ZQxEEAW:04l5g00000KkPqSAAV",
                                Instant.parse("2026-11-05T16:45:12Z"),
                                "lead_updated",
                                Map.of("lead_status", "Qualified", "country", "AT"),
                                List.of("salesforce:0035g00000Xy9ZwAAJ"))),
                events);
    }

    @Test
    void read_whenContact_usesTheContactType() {
        String body =
                message(
                        ORG,
                        notification(
                                "04l5g00000KkPqTAAV",
                                "sf:Contact",
                                "<sf:Id>0035g00000Xy9ZwAAJ</sf:Id>"
                                        + "<sf:LastModifiedDate>2026-11-06T08:00:00+01:00"
                                        + "</sf:LastModifiedDate>"));

        LeadEvent event = salesforce.read(signed(body), CONTEXT).events().getFirst();

        assertEquals("salesforce:0035g00000Xy9ZwAAJ", event.leadKey());
        assertEquals("contact_updated", event.type());
        assertEquals(Instant.parse("2026-11-06T07:00:00Z"), event.occurredAt());
    }

    @Test
    void read_whenOrganizationConfiguredWith15Characters_acceptsThe18CharacterId() {
        Source configured =
                catalog(
                        read("config/sources.yaml")
                                .replace("- 00D5g000004ZQxEEAW", "- 00D5g000004ZQxE"));

        assertEquals(
                1,
                configured
                        .read(signed(message(ORG, lead("04l5g00000KkPqRAAV", ""))), CONTEXT)
                        .events()
                        .size());
    }

    @Test
    void read_whenOrganizationNotAllowed_refuses403() {
        RejectedRequest e =
                refusal(signed(message("00D5g000009OtHrEAK", lead("04l5g00000KkPqRAAV", ""))));

        assertEquals(403, e.status());
        assertEquals("organization_not_allowed", e.code());
        assertTrue(e.getMessage().contains("00D5g000009OtHrEAK"), e.getMessage());
    }

    @Test
    void read_whenOrganizationDiffersOnlyInCaseOf15Characters_refuses() {
        RejectedRequest e = refusal(signed(message("00d5g000004zqxe", lead("04l5g0", ""))));

        assertEquals(403, e.status());
    }

    @Test
    void read_whenTokenMissing_refuses401BeforeParsing() {
        RejectedRequest e = refusal(request("", "text/xml", "<not xml"));

        assertEquals(401, e.status());
        assertEquals("missing_token", e.code());
        assertTrue(e.getMessage().contains("?token="), e.getMessage());
    }

    @Test
    void read_whenTokenWrong_refuses401BeforeParsing() {
        RejectedRequest e = refusal(request("token=" + SECRET + "x", "text/xml", "<not xml"));

        assertEquals(401, e.status());
        assertEquals("bad_token", e.code());
    }

    @Test
    void read_whenTokenRepeated_refuses401() {
        RejectedRequest e =
                refusal(
                        request(
                                "token=" + SECRET + "&token=guess",
                                "text/xml",
                                message(ORG, lead("04l5g00000KkPqRAAV", ""))));

        assertEquals(401, e.status());
    }

    @Test
    void read_whenSecretNotConfigured_refuses503() {
        Source.Context unset = new Source.Context(name -> Optional.empty(), ALLOWED, NOW);

        RejectedRequest e =
                assertThrows(
                        RejectedRequest.class,
                        () -> salesforce.read(signed(message(ORG, "")), unset));

        assertEquals(503, e.status());
    }

    @Test
    void read_whenNotXml_refuses415() {
        RejectedRequest e = refusal(request("token=" + SECRET, "application/json", "{}"));

        assertEquals(415, e.status());
    }

    @Test
    void read_whenGet_refuses405() {
        RejectedRequest e =
                refusal(
                        new WebhookRequest(
                                "salesforce", "GET", "token=" + SECRET, Map.of(), new byte[0]));

        assertEquals(405, e.status());
    }

    @Test
    void read_whenExternalEntity_refusesWithoutReadingIt() throws IOException {
        Path secretFile = Files.createTempFile("stageline-xxe", ".txt");
        Files.writeString(secretFile, "00D5g000004ZQxEEAW");
        String body =
                "<?xml version=\"1.0\"?><!DOCTYPE n [<!ENTITY org SYSTEM \""
                        + secretFile.toUri()
                        + "\">]>"
                        + message("&org;", lead("04l5g00000KkPqRAAV", ""))
                                .replaceFirst("<\\?xml[^>]*>", "");

        RejectedRequest e = refusal(signed(body));

        assertEquals(400, e.status());
        assertEquals("malformed_body", e.code());
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void read_whenEntityExpansion_refuses() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE n [<!ENTITY a0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append(
                    "<!ENTITY a%d \"&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;\">"
                            .formatted(
                                    i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
                                    i - 1, i - 1));
        }
        dtd.append("]>");
        String body = dtd + message("&a9;", "").replaceFirst("<\\?xml[^>]*>", "");

        RejectedRequest e = refusal(signed(body));

        assertEquals(400, e.status());
        assertEquals("malformed_body", e.code());
    }

    @Test
    void read_whenNotWellFormed_refuses400WithThePlace() {
        RejectedRequest e = refusal(signed("<soapenv:Envelope><broken"));

        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("the body is not well-formed XML"), e.getMessage());
    }

    @Test
    void read_whenNestedTooDeep_refuses400() {
        String body =
                message(
                        ORG,
                        lead(
                                "04l5g00000KkPqRAAV",
                                "<sf:Status>"
                                        + "<a>".repeat(20)
                                        + "</a>".repeat(20)
                                        + "</sf:Status>"));

        RejectedRequest e = refusal(signed(body));

        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }

    @Test
    void read_whenNotASoapEnvelope_refuses400() {
        RejectedRequest e = refusal(signed("<notifications/>"));

        assertEquals(400, e.status());
        assertEquals("invalid_message", e.code());
    }

    @Test
    void read_whenLastModifiedDateMissing_refusesNamingTheField() {
        String body =
                message(
                        ORG,
                        notification(
                                "04l5g00000KkPqRAAV",
                                "sf:Lead",
                                "<sf:Id>00Q5g00000Ab1CdEAJ</sf:Id><sf:Status>Open</sf:Status>"));

        RejectedRequest e = refusal(signed(body));

        assertEquals(400, e.status());
        assertTrue(
                e.getMessage().contains("add the field LastModifiedDate to the outbound message"),
                e.getMessage());
    }

    @Test
    void read_whenOtherSObjectType_refusesTheWholeMessage() {
        String body =
                message(
                        ORG,
                        lead("04l5g00000KkPqRAAV", "")
                                + notification(
                                        "04l5g00000KkPqSAAV",
                                        "sf:Opportunity",
                                        "<sf:Id>0065g00000Ab1CdAAJ</sf:Id>"));

        RejectedRequest e = refusal(signed(body));

        assertEquals(400, e.status());
        assertTrue(
                e.getMessage().contains("notification 1: sObject type sf:Opportunity"),
                e.getMessage());
    }

    @Test
    void read_whenMoreThan100Notifications_refuses413() {
        String many = lead("04l5g00000KkPqRAAV", "").repeat(101);

        RejectedRequest e = refusal(signed(message(ORG, many)));

        assertEquals(413, e.status());
    }

    @Test
    void refused_isASoapFaultWithTheStatus() {
        Reply reply =
                salesforce.refused(
                        new RejectedRequest(403, "organization_not_allowed", "org <x> & y"));

        assertEquals(403, reply.status());
        assertEquals("text/xml; charset=utf-8", reply.contentType());
        assertEquals(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope"
                        + " xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                        + "<soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode>"
                        + "<faultstring>organization_not_allowed: org &lt;x&gt; &amp; y"
                        + "</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>",
                reply.body());
    }

    @Test
    void accepted_isTheAcknowledgement() {
        Reply reply =
                salesforce.accepted(new dev.stageline.ingest.Receipt("salesforce", "d", List.of()));

        assertEquals(200, reply.status());
        assertTrue(
                reply.body()
                        .contains(
                                "<notificationsResponse"
                                        + " xmlns=\"http://soap.sforce.com/2005/09/outbound\">"
                                        + "<Ack>true</Ack></notificationsResponse>"),
                reply.body());
    }

    @Test
    void fromConfig_whenOrganizationIdIsNoOrganization_stopsStartUp() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                catalog(
                                        read("config/sources.yaml")
                                                .replace(
                                                        "- 00D5g000004ZQxEEAW",
                                                        "- 00Q5g00000Ab1CdEAJ")));

        assertTrue(e.getMessage().contains("'organizationIds'"), e.getMessage());
    }

    @Test
    void fromConfig_whenUnknownKey_stopsStartUp() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                catalog(
                                        read("config/sources.yaml")
                                                .replace(
                                                        "    kind: salesforce\n",
                                                        "    kind: salesforce\n    orgIds: x\n")));

        assertTrue(e.getMessage().contains("unknown key 'orgIds'"), e.getMessage());
    }
}
