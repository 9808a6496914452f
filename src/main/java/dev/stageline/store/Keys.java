package dev.stageline.store;

/**
 * The key layout of the lead table. One partition per lead holds its events and its state, so that
 * a lead's whole story is one query. The state item carries the lead's transitions, so that a new
 * history is saved by one conditional write. Identity links live in partitions of their own, so
 * that neither the stream's filter on {@code EVENT#} nor the reports' scan of {@code STATE} items
 * sees them.
 */
final class Keys {

    static final String PK = "pk";
    static final String SK = "sk";

    static final String EVENT_PREFIX = "EVENT#";
    static final String STATE = "STATE";
    static final String LINK = "LINK";

    private Keys() {}

    static String lead(String leadKey) {
        return "LEAD#" + leadKey;
    }

    /** The partition of a lead key's identity link: the key of the same person it resolves to. */
    static String alias(String leadKey) {
        return "ALIAS#" + leadKey;
    }

    static String event(String eventId) {
        return EVENT_PREFIX + eventId;
    }
}
