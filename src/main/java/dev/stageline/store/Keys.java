package dev.stageline.store;

/**
 * The key layout of the lead table. One partition per lead holds its events and its states, so
 * that a lead's whole story is one query. A lead has one state item per model revision it was
 * evaluated under ({@code STATE#<revision>}), which carries its transitions, so that a new history
 * is saved by one conditional write and the history of another revision stays untouched. Identity
 * links live in partitions of their own ({@code ALIAS#<key>}), and the partition {@code MODEL}
 * holds which revision readers use and the checkpoints of replays; neither the stream's filter on
 * {@code EVENT#} nor the reports see them.
 */
final class Keys {

    static final String PK = "pk";
    static final String SK = "sk";

    static final String EVENT_PREFIX = "EVENT#";
    static final String STATE_PREFIX = "STATE#";
    static final String LINK = "LINK";

    static final String MODEL = "MODEL";
    static final String ACTIVE = "ACTIVE";
    static final String REPLAY_PREFIX = "REPLAY#";

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

    static String state(String revision) {
        return STATE_PREFIX + revision;
    }

    static String replay(String targetRevision) {
        return REPLAY_PREFIX + targetRevision;
    }
}
