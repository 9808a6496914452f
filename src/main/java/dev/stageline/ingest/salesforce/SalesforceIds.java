package dev.stageline.ingest.salesforce;

import java.util.Optional;

/**
 * Salesforce record ids, which come in two spellings: 15 characters, case-sensitive (as the user
 * interface shows them), and 18 characters, the same 15 followed by three letters that encode which
 * of them are upper case, so that the id survives tools that ignore case (as the API sends them).
 * Two ids name the same record when their 15-character forms are equal.
 */
final class SalesforceIds {

    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    private SalesforceIds() {}

    /**
     * The case-sensitive 15-character form of {@code id}. An 18-character id has its case restored
     * from its suffix, so an id that a spreadsheet upper-cased still matches; empty when {@code id}
     * is neither form, or its suffix contradicts its characters.
     */
    static Optional<String> canonical(String id) {
        if (!id.matches("[A-Za-z0-9]{15}|[A-Za-z0-9]{18}")) {
            return Optional.empty();
        }
        if (id.length() == 15) {
            return Optional.of(id);
        }
        StringBuilder restored = new StringBuilder(15);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = SUFFIX_ALPHABET.indexOf(Character.toUpperCase(id.charAt(15 + chunk)));
            if (bits < 0) {
                return Optional.empty();
            }
            for (int i = 0; i < 5; i++) {
                char c = id.charAt(chunk * 5 + i);
                boolean upper = (bits & (1 << i)) != 0;
                if (upper && !Character.isLetter(c)) {
                    return Optional.empty();
                }
                restored.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            }
        }
        return Optional.of(restored.toString());
    }

    /** The 18-character form of a 15-character id. */
    static String caseSafe(String id15) {
        StringBuilder id = new StringBuilder(id15);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            id.append(SUFFIX_ALPHABET.charAt(bits));
        }
        return id.toString();
    }
}
