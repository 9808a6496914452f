package dev.stageline.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stageline.engine.LeadEvent;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

class IdentityRulesTest {

    private static LeadEvent event(String leadKey, String id, String... aliases) {
        return new LeadEvent(
                leadKey,
                id,
                Instant.parse("2026-11-02T09:15:00Z"),
                "page_viewed",
                Map.of(),
                List.of(aliases));
    }

    @Test
    void survivor_whenSalesforceLeadAndContact_isTheContactWhicheverComesFirst() {
        assertEquals(
                "salesforce:003XX0000001",
                IdentityRules.survivor("salesforce:00QXX0000001", "salesforce:003XX0000001"));
        assertEquals(
                "salesforce:003XX0000001",
                IdentityRules.survivor("salesforce:003XX0000001", "salesforce:00QXX0000001"));
    }

    @Test
    void survivor_whenKeysDifferInCase_uppercaseSortsFirst() {
        assertEquals("web:A", IdentityRules.survivor("web:a", "web:A"));
    }

    @Test
    void survivor_whenSameKey_isThatKey() {
        assertEquals("web:1", IdentityRules.survivor("web:1", "web:1"));
    }

    @Test
    void namedKeys_whenEventsNameAliases_listsTheOwnKeyFirstAndEachOnce() {
        Set<String> keys =
                IdentityRules.namedKeys(
                        "web:B",
                        List.of(
                                event("web:B", "1", "web:C", "web:A"),
                                event("web:B", "2", "web:C")));

        assertEquals(List.of("web:B", "web:C", "web:A"), List.copyOf(keys));
    }

    @Test
    void union_whenSameIdUnderTwoKeys_keepsBothAndDropsRedeliveries() {
        LeadEvent a1 = event("web:A", "1");
        LeadEvent b1 = event("web:B", "1");
        LeadEvent b2 = event("web:B", "2");

        assertEquals(
                List.of(a1, b1, b2),
                IdentityRules.union(List.of(a1), List.of(b1, a1), List.of(b2, b1)));
    }

    @Test
    void forReplay_whenAnotherKeyReusesAnId_renamesOnlyThatKeysEvent() {
        LeadEvent a1 = event("web:A", "1");
        LeadEvent b1 = event("web:B", "1");
        LeadEvent b2 = event("web:B", "2");

        List<LeadEvent> replayed = IdentityRules.forReplay("web:A", List.of(a1, b1, b2));

        assertEquals(
                List.of("1", "web:B/1", "2"), replayed.stream().map(LeadEvent::eventId).toList());
    }

    @Test
    void mergedKeys_whenGathered_areSortedWithoutTheCanonicalKey() {
        assertEquals(
                List.of("web:B", "web:C", "web:D"),
                IdentityRules.mergedKeys(
                        "web:A",
                        List.of("web:D"),
                        List.of("web:C", "web:A"),
                        List.of(event("web:A", "1"), event("web:B", "2"))));
    }
}
