package dev.stageline.ingest;

import dev.stageline.engine.LeadEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Lead ids as they go into lead keys. Form tools often know a person only by email address; lead
 * keys appear in logs, URLs and reports, so an id holding an {@code @} is replaced by {@code
 * sha256-} and the hex SHA-256 of its lower-case form. The same address gives the same key
 * whichever source or capitalisation it arrives with, and no address is ever written out.
 */
public final class LeadIds {

    static final String HASHED = "sha256-";

    private LeadIds() {}

    /**
     * The delivery with every id that holds an address pseudonymous: its delivery id (which is
     * logged), each event id, and the id part of each alias ({@code unbounce:ann@example.com}
     * becomes the key the unbounce source gives that address). Sources hash their lead keys
     * themselves; this is the last line before anything is logged or stored.
     */
    static Source.Delivery withoutAddresses(Source.Delivery delivery) {
        List<LeadEvent> events = new ArrayList<>();
        for (LeadEvent event : delivery.events()) {
            events.add(
                    new LeadEvent(
                            pseudonymousKey(event.leadKey()),
                            pseudonymous(event.eventId()),
                            event.occurredAt(),
                            event.type(),
                            event.attributes(),
                            event.aliases().stream().map(LeadIds::pseudonymousKey).toList()));
        }
        return new Source.Delivery(
                pseudonymous(delivery.deliveryId()), events, delivery.ignored());
    }

    /** A lead key {@code system:id} with its id part made pseudonymous. */
    static String pseudonymousKey(String leadKey) {
        int colon = leadKey.indexOf(':');
        return colon < 0
                ? pseudonymous(leadKey)
                : leadKey.substring(0, colon + 1) + pseudonymous(leadKey.substring(colon + 1));
    }

    public static String pseudonymous(String id) {
        if (!id.contains("@")) {
            return id;
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(
                                    id.strip()
                                            .toLowerCase(Locale.ROOT)
                                            .getBytes(StandardCharsets.UTF_8));
            return HASHED + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }
}
