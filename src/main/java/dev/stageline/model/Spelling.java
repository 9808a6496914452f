package dev.stageline.model;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Guesses which known word a misspelt key, operator or stage id was meant to be, so that a message
 * can say "did you mean 'stages'?" rather than only "unknown key 'stges'".
 */
final class Spelling {

    private Spelling() {}

    /** The closest known word, if one is close enough to be a likely typo. */
    static Optional<String> closest(String typed, Collection<String> known) {
        String wanted = normalised(typed);
        Optional<String> best = Optional.empty();
        int bestDistance = Integer.MAX_VALUE;
        for (String word : known) {
            int distance = distance(wanted, normalised(word));
            if (distance < bestDistance) {
                best = Optional.of(word);
                bestDistance = distance;
            }
        }
        int tolerated = wanted.length() <= 4 ? 1 : 2;
        return bestDistance <= tolerated ? best : Optional.empty();
    }

    /** {@code "; did you mean 'x'?"}, or nothing when no known word is close. */
    static String suggestion(String typed, Collection<String> known) {
        return closest(typed, known).map(word -> "; did you mean '" + word + "'?").orElse("");
    }

    /** Case, dashes, underscores and spaces are the commonest slips, so they do not count. */
    private static String normalised(String word) {
        return word.toLowerCase(Locale.ROOT).replaceAll("[-_ ]", "");
    }

    /** Levenshtein distance: the fewest insertions, deletions and substitutions. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] =
                        Math.min(
                                Math.min(current[j - 1] + 1, previous[j] + 1),
                                previous[j - 1] + substitution);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
