package dev.stageline.store;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The key layout of the lead table. One partition per lead holds its events, its state and its
 * transitions, so that a lead's whole story is one query and one lead's writes can be made
 * atomic. Transitions also carry {@code tday}/{@code tat}, the keys of the {@code byDay} index,
 * which finds a day's transitions without scanning the table.
 */
final class Keys {

    static final String PK = "pk";
    static final String SK = "sk";
    static final String DAY = "tday";
    static final String DAY_ORDER = "tat";
    static final String DAY_INDEX = "byDay";

    static final String EVENT_PREFIX = "EVENT#";
    static final String TRANSITION_PREFIX = "TRANSITION#";
    static final String STATE = "STATE";

    private Keys() {}

    static String lead(String leadKey) {
        return "LEAD#" + leadKey;
    }

    static String event(String eventId) {
        return EVENT_PREFIX + eventId;
    }

    static String transition(int sequence) {
        return TRANSITION_PREFIX + String.format("%06d", sequence);
    }

    static String day(Instant at) {
        return "TDAY#" + at.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    static String dayOrder(Instant at, String leadKey, int sequence) {
        return at + "#" + leadKey + "#" + String.format("%06d", sequence);
    }
}
