package dev.stageline.identity;

import dev.stageline.engine.LeadEvent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules by which the keys of one person become one lead, apart from where they are stored.
 *
 * <p>The surviving ("canonical") key of a group is the one that sorts first, character by
 * character: a rule that needs nothing but the keys, so every evaluation picks the same survivor
 * whatever order the events came in and however many run at once. A Salesforce contact ({@code
 * 003...}) sorts before the lead it was converted from ({@code 00Q...}), so a converted lead lives
 * on under its contact.
 *
 * <p>The survivor's state holds the events of every key of the group, each still under its own key,
 * so two keys' events with the same id stay two events. The engine tells events apart by id alone,
 * so for the replay an event of a merged key whose id another key also uses is renamed {@code
 * <its key>/<its id>}.
 */
public final class IdentityRules {

    /** The type of an event that says its aliases were merged into its lead. */
    public static final String MERGED_TYPE = "identity.merged";

    private IdentityRules() {}

    /** Which of two keys of one person survives a merge. */
    public static String survivor(String a, String b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The key the events arrived under followed by the other keys they name, each once. */
    public static Set<String> namedKeys(String leadKey, List<LeadEvent> arrived) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(leadKey);
        arrived.forEach(event -> keys.addAll(event.aliases()));
        return keys;
    }

    /**
     * The events already applied followed by those not among them; an event counts once per key and
     * id, the first seen kept.
     */
    @SafeVarargs
    public static List<LeadEvent> union(List<LeadEvent> applied, List<LeadEvent>... more) {
        Map<String, LeadEvent> byKeyAndId = new LinkedHashMap<>();
        applied.forEach(event -> byKeyAndId.putIfAbsent(identity(event), event));
        for (List<LeadEvent> events : more) {
            events.forEach(event -> byKeyAndId.putIfAbsent(identity(event), event));
        }
        return new ArrayList<>(byKeyAndId.values());
    }

    /**
     * The group's events as the engine should see them: an event of another key than {@code
     * canonical} whose id is used under a second key is renamed {@code <key>/<id>}.
     */
    public static List<LeadEvent> forReplay(String canonical, List<LeadEvent> events) {
        Map<String, Set<String>> keysById = new HashMap<>();
        events.forEach(
                e -> keysById.computeIfAbsent(e.eventId(), id -> new TreeSet<>()).add(e.leadKey()));
        return events.stream()
                .map(
                        e ->
                                e.leadKey().equals(canonical)
                                                || keysById.get(e.eventId()).size() == 1
                                        ? e
                                        : new LeadEvent(
                                                e.leadKey(),
                                                e.leadKey() + "/" + e.eventId(),
                                                e.occurredAt(),
                                                e.type(),
                                                e.attributes(),
                                                e.aliases()))
                .toList();
    }

    /**
     * The keys other than {@code canonical} that belong to its lead: those it already listed, those
     * met on the way to it, and those its events were delivered under; sorted.
     */
    public static List<String> mergedKeys(
            String canonical,
            Collection<String> listed,
            Collection<String> met,
            List<LeadEvent> events) {
        Set<String> keys = new TreeSet<>(listed);
        keys.addAll(met);
        events.forEach(event -> keys.add(event.leadKey()));
        keys.remove(canonical);
        return List.copyOf(keys);
    }

    private static String identity(LeadEvent event) {
        return event.leadKey() + "\u0000" + event.eventId();
    }
}
