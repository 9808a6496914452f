package dev.stageline.model;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values (text, true/false, lists of names, durations, operands) from the nodes of a
 * model file. Each method reports what is wrong and returns nothing rather than throwing, so that
 * reading goes on and every problem is found. {@code what} names the value in messages, such as
 * {@code "the sla of stage 'mql'"}.
 */
final class YamlScalars {

    private static final Set<Tag> TEXT_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT);
    private static final Pattern WEEKS = Pattern.compile("P(\\d+)W", Pattern.CASE_INSENSITIVE);
    private static final Pattern MONTHS_OR_YEARS =
            Pattern.compile("P[^T]*[YM].*", Pattern.CASE_INSENSITIVE);

    private YamlScalars() {}

    /** How a node looks to the author, for messages: "a list", "'abc'", "an empty value". */
    static String describe(Node node) {
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof MappingNode) {
            return "a set of 'key: value' lines";
        }
        if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)) {
            return "'" + scalar.getValue() + "'";
        }
        return "an empty value";
    }

    static Optional<String> text(Node node, String what, ProblemLog log) {
        Optional<ScalarNode> scalar = scalar(node, what, log);
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        Tag tag = scalar.get().getTag();
        String value = scalar.get().getValue();
        if (tag.equals(Tag.BOOL)) {
            log.report(node, what + " must be text, not " + value + "; put it in quotes");
            return Optional.empty();
        }
        if (!TEXT_TAGS.contains(tag)) {
            return unsupportedTag(scalar.get(), what, log);
        }
        if (value.isBlank()) {
            log.report(node, what + " is empty");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    static Optional<Boolean> flag(Node node, String what, ProblemLog log) {
        Optional<ScalarNode> scalar = scalar(node, what, log);
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        if (!scalar.get().getTag().equals(Tag.BOOL)) {
            log.report(node, what + " must be true or false, not " + describe(node));
            return Optional.empty();
        }
        return Optional.of(Boolean.parseBoolean(scalar.get().getValue().toLowerCase(Locale.ROOT)));
    }

    /** One of {@code allowed}, written in any case; returns the allowed spelling. */
    static Optional<String> keyword(Node node, String what, List<String> allowed, ProblemLog log) {
        Optional<String> text = text(node, what, log);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> match =
                allowed.stream().filter(word -> word.equalsIgnoreCase(text.get())).findFirst();
        if (match.isEmpty()) {
            log.report(
                    node,
                    what
                            + " is '"
                            + text.get()
                            + "', not one of "
                            + String.join(", ", allowed)
                            + Spelling.suggestion(text.get(), allowed));
        }
        return match;
    }

    /**
     * A list of names such as stage ids or attributes; a single name counts as a list of one.
     * Entries that are not text are reported and left out.
     */
    static Optional<List<Mention>> names(Node node, String key, ProblemLog log) {
        if (node instanceof MappingNode) {
            log.report(node, "'" + key + "' must be a list, not " + describe(node));
            return Optional.empty();
        }
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
            log.report(node, "'" + key + "' has no value; write a list such as [a, b], or []");
            return Optional.empty();
        }
        List<Node> entries = node instanceof SequenceNode list ? list.getValue() : List.of(node);
        List<Mention> names = new ArrayList<>();
        for (Node entry : entries) {
            text(entry, "an entry of '" + key + "'", log)
                    .ifPresent(name -> names.add(Mention.of(name, entry)));
        }
        return Optional.of(names);
    }

    /**
     * A positive ISO-8601 duration in days, hours, minutes or seconds ({@code P2D}, {@code PT4H},
     * {@code P1DT12H}), or whole weeks ({@code P2W}). Months and years are refused because their
     * length varies.
     */
    static Optional<Duration> duration(Node node, String what, ProblemLog log) {
        Optional<String> text = text(node, what, log);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> duration = parseDuration(text.get());
        if (duration.isEmpty()) {
            String hint =
                    MONTHS_OR_YEARS.matcher(text.get()).matches()
                            ? "months and years vary in length, so write days, such as P30D"
                            : "write days as P2D, hours as PT4H, both as P1DT12H";
            log.report(node, what + " is '" + text.get() + "', not an ISO-8601 duration; " + hint);
            return Optional.empty();
        }
        if (duration.get().isZero() || duration.get().isNegative()) {
            log.report(node, what + " is '" + text.get() + "'; it must be longer than zero");
            return Optional.empty();
        }
        return duration;
    }

    private static Optional<Duration> parseDuration(String text) {
        Matcher weeks = WEEKS.matcher(text);
        if (weeks.matches()) {
            return Optional.of(Duration.ofDays(7 * Long.parseLong(weeks.group(1))));
        }
        try {
            return Optional.of(Duration.parse(text));
        } catch (DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /**
     * The value of a field test as written: a {@link String}, a {@link BigDecimal} for a YAML
     * integer or float, or a {@link Boolean}.
     */
    static Optional<Object> operand(Node node, String what, ProblemLog log) {
        if (!(node instanceof ScalarNode scalar)) {
            log.report(node, what + " must be a single value, not " + describe(node));
            return Optional.empty();
        }
        Tag tag = scalar.getTag();
        String value = scalar.getValue();
        if (tag.equals(Tag.STR)) {
            return Optional.of(value);
        }
        if (tag.equals(Tag.BOOL)) {
            return Optional.of(Boolean.parseBoolean(value.toLowerCase(Locale.ROOT)));
        }
        if (tag.equals(Tag.INT)) {
            return Optional.of(integer(value));
        }
        if (tag.equals(Tag.FLOAT)) {
            if (value.toLowerCase(Locale.ROOT).matches("[-+]?\\.(inf|nan)")) {
                log.report(node, what + " must be a finite number, not " + value);
                return Optional.empty();
            }
            return Optional.of(new BigDecimal(value));
        }
        if (tag.equals(Tag.NULL)) {
            log.report(node, what + " has no value");
            return Optional.empty();
        }
        return unsupportedTag(scalar, what, log);
    }

    private static BigDecimal integer(String value) {
        if (value.startsWith("0x")) {
            return new BigDecimal(new BigInteger(value.substring(2), 16));
        }
        if (value.startsWith("0o")) {
            return new BigDecimal(new BigInteger(value.substring(2), 8));
        }
        return new BigDecimal(value);
    }

    private static Optional<ScalarNode> scalar(Node node, String what, ProblemLog log) {
        if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)) {
            return Optional.of(scalar);
        }
        String problem =
                node instanceof ScalarNode
                        ? " has no value"
                        : " must be a single value, not " + describe(node);
        log.report(node, what + problem);
        return Optional.empty();
    }

    private static <T> Optional<T> unsupportedTag(ScalarNode node, String what, ProblemLog log) {
        log.report(
                node,
                what
                        + " is tagged "
                        + node.getTag().getValue()
                        + ", which a model file does not use; put the value in quotes");
        return Optional.empty();
    }
}
