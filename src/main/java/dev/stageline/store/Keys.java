package dev.stageline.store;

/**
 * The key layout of the lead table. One partition per lead holds its events and its state, so that
 * a lead's whole story is one query. The state item carries the lead's transitions, so that a new
 * history is saved by one conditional write.
 */
final class Keys {

    static final String PK = "pk";
    static final String SK = "sk";

    static final String EVENT_PREFIX = "EVENT#";
    static final String STATE = "STATE";

    private Keys() {}

    static String lead(String leadKey) {
        return "LEAD#" + leadKey;
    }

    static String event(String eventId) {
        return EVENT_PREFIX + eventId;
    }
}
