package dev.stageline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stageline.engine.LeadEvent;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Email addresses never become lead keys as they are. */
class LeadIdsTest {

    // printf 'ann@example.com' | sha256sum
    private static final String ANN =
            "sha256-71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b16696476";

    @Test
    void pseudonymous_whenAnEmail_isItsSha256InLowerCase() {
        assertEquals(ANN, LeadIds.pseudonymous("ann@example.com"));
        assertEquals(ANN, LeadIds.pseudonymous(" Ann@Example.COM "));
    }

    @Test
    void withoutAddresses_whenIdsHoldAddresses_hashesDeliveryEventIdsAndAliasesButKeepsPrefixes() {
        LeadEvent event =
                new LeadEvent(
                        "marketo:ann@example.com",
                        "ann@example.com",
                        Instant.parse("2026-11-02T09:15:00Z"),
                        "form_filled",
                        Map.of(),
                        List.of("unbounce:ann@example.com", "salesforce:00Q1"));

        Source.Delivery cleaned =
                LeadIds.withoutAddresses(new Source.Delivery("ann@example.com", List.of(event), 2));

        assertEquals(ANN, cleaned.deliveryId());
        assertEquals(2, cleaned.ignored());
        LeadEvent only = cleaned.events().get(0);
        assertEquals("marketo:" + ANN, only.leadKey());
        assertEquals(ANN, only.eventId());
        assertEquals(List.of("unbounce:" + ANN, "salesforce:00Q1"), only.aliases());
        assertEquals(event.occurredAt(), only.occurredAt());
    }

    @Test
    void pseudonymous_whenNoAtSign_isTheIdItself() {
        assertEquals("L-1001", LeadIds.pseudonymous("L-1001"));
    }
}
