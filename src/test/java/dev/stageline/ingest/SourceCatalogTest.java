package dev.stageline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reading config/sources.yaml: a misconfigured source stops start-up with a message naming the
 * file, the source and the key.
 */
class SourceCatalogTest {

    private static final String FILE = "config/test-sources.yaml";

    @Test
    void load_whenShippedConfig_readsTheWebSource() {
        SourceCatalog catalog = SourceCatalog.load("config/sources.yaml");
        JsonSource web = catalog.source("web").map(JsonSource.class::cast).orElseThrow();

        assertEquals(
                List.of(
                        "form", "hubspot", "marketo", "salesforce", "typeform", "unbounce", "web",
                        "webflow"),
                catalog.names());
        assertEquals("web", web.name());
        assertEquals("STAGELINE_SECRET_WEB", web.secretName());
        assertEquals(262_144, web.limits().maxBodyBytes());
        assertEquals("web:", web.leadKeyPrefix());
        assertEquals("/lead/id", web.leadKey().toString());
        assertEquals(Optional.of("/id"), web.eventId().map(Object::toString));
        assertEquals("/occurredAt", web.occurredAt().toString());
        assertEquals("/type", web.type().toString());
        assertEquals(
                Map.of(
                        "score", "/lead/score",
                        "country", "/lead/country",
                        "source", "/lead/source",
                        "lead_status", "/lead/status",
                        "company_size", "/lead/companySize",
                        "budget_confirmed", "/lead/budgetConfirmed",
                        "deal_stage", "/lead/dealStage"),
                pointers(web));
    }

    @Test
    void parse_whenOptionalKeysLeftOut_usesTheDefaults() {
        JsonSource forms =
                SourceCatalog.parse(
                                FILE,
                                """
                sources:
                  forms:
                    secret: STAGELINE_SECRET_FORMS
                    leadKey: /contact/id
                    occurredAt: /at
                    type: /event
                """)
                        .source("forms")
                        .map(JsonSource.class::cast).orElseThrow();

        assertEquals("forms:", forms.leadKeyPrefix());
        assertEquals(256 * 1024, forms.limits().maxBodyBytes());
        assertEquals(Optional.empty(), forms.eventId());
        assertEquals(Map.of(), forms.attributes());
    }

    @Test
    void parse_whenSeveralSources_namesThemSorted() {
        SourceCatalog catalog =
                SourceCatalog.parse(
                        FILE,
                        """
                sources:
                  zapier: {secret: Z, leadKey: /id, occurredAt: /at, type: /type}
                  forms: {secret: F, leadKey: /id, occurredAt: /at, type: /type}
                """);

        assertEquals(List.of("forms", "zapier"), catalog.names());
        assertEquals(Optional.empty(), catalog.source("hubspot"));
    }

    @Test
    void parse_whenUnknownKey_isRefusedNamingFileSourceAndKey() {
        IllegalArgumentException refused =
                refused(
                        """
                sources:
                  web:
                    secret: STAGELINE_SECRET_WEB
                    leadKey: /lead/id
                    eventID: /id
                    occurredAt: /occurredAt
                    type: /type
                """);

        assertMentions(refused, FILE, "source 'web'", "'eventID'");
    }

    @Test
    void parse_whenRequiredPointerMissing_isRefusedNamingIt() {
        IllegalArgumentException refused =
                refused(
                        """
                sources:
                  web:
                    secret: STAGELINE_SECRET_WEB
                    leadKey: /lead/id
                    type: /type
                """);

        assertMentions(refused, FILE, "source 'web'", "occurredAt", "required");
    }

    @Test
    void parse_whenPointerLacksItsLeadingSlash_isRefusedNamingIt() {
        IllegalArgumentException refused =
                refused(
                        """
                sources:
                  web:
                    secret: STAGELINE_SECRET_WEB
                    leadKey: lead/id
                    occurredAt: /occurredAt
                    type: /type
                """);

        assertMentions(refused, FILE, "source 'web'", "leadKey", "'lead/id'", "JSON pointer");
    }

    @Test
    void parse_whenAttributePointerIsBad_isRefusedNamingTheAttribute() {
        IllegalArgumentException refused =
                refused(
                        """
                sources:
                  web:
                    secret: STAGELINE_SECRET_WEB
                    leadKey: /lead/id
                    occurredAt: /occurredAt
                    type: /type
                    attributes:
                      score: lead.score
                """);

        assertMentions(refused, FILE, "source 'web'", "attributes.score", "'lead.score'");
    }

    @Test
    void parse_whenSecretMissing_isRefusedNamingIt() {
        IllegalArgumentException refused =
                refused(
                        """
                sources:
                  web:
                    leadKey: /lead/id
                    occurredAt: /occurredAt
                    type: /type
                """);

        assertMentions(refused, FILE, "source 'web'", "'secret'");
    }

    @Test
    void parse_whenKindIsNotJson_isRefused() {
        IllegalArgumentException refused =
                refused(
                        """
                sources:
                  web:
                    kind: xml
                    secret: STAGELINE_SECRET_WEB
                    leadKey: /lead/id
                    occurredAt: /occurredAt
                    type: /type
                """);

        assertMentions(refused, FILE, "source 'web'", "unknown kind 'xml'", "json");
    }

    @Test
    void parse_whenMaxBodyBytesIsNotANumber_isRefusedNamingIt() {
        IllegalArgumentException refused =
                refused(
                        """
                sources:
                  web:
                    secret: STAGELINE_SECRET_WEB
                    limits:
                      bodyBytes: 256k
                    leadKey: /lead/id
                    occurredAt: /occurredAt
                    type: /type
                """);

        assertMentions(refused, FILE, "source 'web'", "bodyBytes", "'256k'");
    }

    @Test
    void parse_whenALimitIsOutOfRange_isRefusedNamingIt() {
        IllegalArgumentException refused =
                refused(
                        """
                sources:
                  web:
                    secret: STAGELINE_SECRET_WEB
                    limits: {events: 0}
                    leadKey: /lead/id
                    occurredAt: /occurredAt
                    type: /type
                """);

        assertMentions(refused, FILE, "source 'web'", "limits.events", "between 1 and");
    }

    @Test
    void parse_whenLimitsNameAnUnknownKey_isRefusedListingTheKnownOnes() {
        IllegalArgumentException refused =
                refused(
                        """
                sources:
                  web:
                    secret: STAGELINE_SECRET_WEB
                    limits: {bytes: 1000}
                    leadKey: /lead/id
                    occurredAt: /occurredAt
                    type: /type
                """);

        assertMentions(refused, FILE, "source 'web', limits", "'bytes'", "bodyBytes");
    }

    @Test
    void parse_whenTheNameCannotBeAPathSegment_isRefused() {
        IllegalArgumentException refused =
                refused(
                        """
                sources:
                  "Web Forms":
                    secret: STAGELINE_SECRET_WEB
                    leadKey: /lead/id
                    occurredAt: /occurredAt
                    type: /type
                """);

        assertMentions(refused, FILE, "source 'Web Forms'", "lower-case");
    }

    @Test
    void parse_whenSourcesIsNotAMapping_isRefused() {
        IllegalArgumentException refused =
                refused(
                        """
                sources:
                  - web
                """);

        assertMentions(refused, FILE, "'sources'");
    }

    private static IllegalArgumentException refused(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> SourceCatalog.parse(FILE, yaml));
    }

    private static void assertMentions(IllegalArgumentException refused, String... parts) {
        for (String part : parts) {
            assertTrue(
                    refused.getMessage().contains(part),
                    () -> "'" + refused.getMessage() + "' does not mention '" + part + "'");
        }
    }

    private static Map<String, String> pointers(JsonSource source) {
        Map<String, String> pointers = new HashMap<>();
        source.attributes().forEach((name, pointer) -> pointers.put(name, pointer.toString()));
        return pointers;
    }
}
