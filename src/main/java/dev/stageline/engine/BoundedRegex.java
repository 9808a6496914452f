package dev.stageline.engine;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code matches} operator: a regular expression from the model, searched for in a value so
 * that no pattern and no value can stall the engine.
 *
 * <p>Two limits apply. Only the first {@value #MAX_INPUT_CHARS} characters of the value are
 * searched. That alone does not bound the work, since a pattern such as {@code (.*a){25}}
 * backtracks exponentially over a few hundred characters, so the search also stops after {@value
 * #MAX_CHAR_READS} character reads; a search that runs out has not matched. Ordinary patterns over
 * a thousand characters stay far below that, and the limit costs tens of milliseconds at worst.
 *
 * <p>Patterns are compiled once per pattern string and case setting and kept for the life of the
 * process; they come from the model, so there are few of them. A pattern that does not compile
 * never matches.
 */
final class BoundedRegex {

    static final int MAX_INPUT_CHARS = 1_000;
    static final long MAX_CHAR_READS = 10_000_000L;

    private static final ConcurrentMap<PatternKey, Optional<Pattern>> PATTERNS =
            new ConcurrentHashMap<>();

    private BoundedRegex() {}

    /** Whether {@code regex} occurs anywhere in the first characters of {@code value}. */
    static boolean find(String regex, boolean caseSensitive, String value) {
        Optional<Pattern> pattern = pattern(regex, caseSensitive);
        if (pattern.isEmpty()) {
            return false;
        }

        String input = value.substring(0, Math.min(value.length(), MAX_INPUT_CHARS));
        try {
            return pattern.get().matcher(new MeteredText(input, new Meter())).find();
        } catch (ReadsExhausted runaway) {
            return false;
        }
    }

    /** The compiled pattern, from the cache after the first call; empty if it does not compile. */
    static Optional<Pattern> pattern(String regex, boolean caseSensitive) {
        PatternKey key = new PatternKey(regex, caseSensitive);
        return PATTERNS.computeIfAbsent(key, BoundedRegex::compile);
    }

    private static Optional<Pattern> compile(PatternKey key) {
        int flags = key.caseSensitive() ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        try {
            return Optional.of(Pattern.compile(key.regex(), flags));
        } catch (PatternSyntaxException invalid) {
            return Optional.empty();
        }
    }

    private record PatternKey(String regex, boolean caseSensitive) {}

    /** Counts character reads shared by a text and its subsequences. */
    private static final class Meter {
        private long reads;

        void tick() {
            if (++reads > MAX_CHAR_READS) {
                throw new ReadsExhausted();
            }
        }
    }

    /**
     * A text that counts every character the matcher reads. Throwing from {@code charAt} is the
     * only way to stop {@link java.util.regex.Matcher} part way.
     */
    private static final class MeteredText implements CharSequence {
        private final String text;
        private final Meter meter;

        MeteredText(String text, Meter meter) {
            this.text = text;
            this.meter = meter;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            meter.tick();
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new MeteredText(text.substring(start, end), meter);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Thrown when a search has read its allowance; carries no stack trace, as it is expected. */
    private static final class ReadsExhausted extends RuntimeException {
        ReadsExhausted() {
            super(
                    "regular expression search exceeded " + MAX_CHAR_READS + " character reads",
                    null,
                    false,
                    false);
        }
    }
}
