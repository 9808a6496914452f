package dev.stageline.model;

import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Reads the {@code when} of a rule into a {@link Condition}, reporting every malformed test. A
 * condition is a mapping with exactly one of {@code all}, {@code any}, {@code not}, {@code event},
 * {@code in_stage_for} or {@code field}; the fields it tests are collected so that they can be
 * checked against the model's attributes once those are known.
 */
final class ConditionReader {

    /** Longer expressions are refused: they are hard to review and easier to make run away. */
    static final int MAX_PATTERN_LENGTH = 200;

    /**
     * Deeper or larger conditions are refused. No real rule comes near either limit; they are there
     * because YAML aliases ({@code *name}) can repeat a condition inside itself, or double it at
     * every level, and reading would then never end.
     */
    static final int MAX_DEPTH = 32;

    static final int MAX_TESTS = 1000;

    /** Longer time tests are refused: a century outlives any lead, and keeps instants in range. */
    static final Duration MAX_TIME_IN_STAGE = Duration.ofDays(36_525);

    private static final List<String> KINDS =
            List.of("all", "any", "not", "event", "in_stage_for", "field");
    private static final List<String> OPERATORS =
            Arrays.stream(Operator.values()).map(Operator::keyword).toList();
    private static final List<String> FIELD_TEST_KEYS =
            Stream.concat(OPERATORS.stream(), Stream.of("case")).toList();

    private final ProblemLog log;
    private final int ruleLine;
    private final List<Mention> fields = new ArrayList<>();
    private final Set<Node> path = Collections.newSetFromMap(new IdentityHashMap<>());
    private int conditionsRead;

    /** A reader for the condition of one rule, which starts at {@code ruleLine}. */
    ConditionReader(ProblemLog log, int ruleLine) {
        this.log = log;
        this.ruleLine = ruleLine;
    }

    /** The fields tested by every condition read so far. */
    List<Mention> fields() {
        return List.copyOf(fields);
    }

    Optional<Condition> read(Node node) {
        return read(node, 1);
    }

    private Optional<Condition> read(Node node, int depth) {
        if (path.contains(node)) {
            log.report(
                    node,
                    "this condition contains itself: an alias (*name) is used inside"
                            + " its own anchor (&name)");
            return Optional.empty();
        }
        if (depth > MAX_DEPTH) {
            log.report(node, "conditions are nested more than " + MAX_DEPTH + " deep");
            return Optional.empty();
        }
        conditionsRead++;
        if (conditionsRead == MAX_TESTS + 1) {
            log.report(
                    ruleLine,
                    "the rule has more than "
                            + MAX_TESTS
                            + " conditions; are aliases"
                            + " (*name) repeating a condition many times?");
        }
        if (conditionsRead > MAX_TESTS) {
            return Optional.empty();
        }
        path.add(node);
        Optional<Condition> condition = readOnce(node, depth);
        path.remove(node);
        return condition;
    }

    private Optional<Condition> readOnce(Node node, int depth) {
        Optional<YamlMapping> opened = YamlMapping.open(node, "a condition", log);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping mapping = opened.get();
        List<String> kinds = mapping.keys().stream().filter(KINDS::contains).toList();

        if (kinds.size() > 1) {
            log.report(
                    node,
                    "a condition has exactly one of "
                            + String.join(", ", KINDS)
                            + ", but this one has "
                            + String.join(" and ", kinds)
                            + "; combine them with all or any");
            return Optional.empty();
        }
        if (kinds.isEmpty()) {
            return missingKind(mapping);
        }
        return switch (kinds.get(0)) {
            case "all" -> parts(mapping, "all", depth).map(Condition.All::new);
            case "any" -> parts(mapping, "any", depth).map(Condition.Any::new);
            case "not" -> negation(mapping, depth);
            case "event" -> eventTest(mapping);
            case "in_stage_for" -> timeTest(mapping);
            default -> fieldTest(mapping);
        };
    }

    private Optional<Condition> missingKind(YamlMapping mapping) {
        boolean looksLikeFieldTest = mapping.keys().stream().anyMatch(OPERATORS::contains);
        List<String> allowed = new ArrayList<>(KINDS);
        allowed.addAll(OPERATORS);
        allowed.add("case");
        int before = log.count();
        mapping.rejectUnknownKeys(allowed, "a condition");
        if (log.count() > before) {
            return Optional.empty();
        }
        String problem =
                looksLikeFieldTest
                        ? "this field test does not say which field it tests; add 'field: name'"
                        : "a condition needs one of " + String.join(", ", KINDS);
        log.report(mapping.node(), problem);
        return Optional.empty();
    }

    private Optional<List<Condition>> parts(YamlMapping mapping, String kind, int depth) {
        rejectOtherKeys(mapping, kind);
        Node value = mapping.optional(kind).orElseThrow();
        if (!(value instanceof SequenceNode list)) {
            log.report(
                    value,
                    kind + " takes a list of conditions, not " + YamlScalars.describe(value));
            return Optional.empty();
        }
        if (list.getValue().isEmpty()) {
            log.report(
                    value,
                    kind.equals("any")
                            ? "any: [] never holds; give it at least one condition"
                            : "all: [] always holds, so the rule would fire on every event;"
                                    + " give it at least one condition");
            return Optional.empty();
        }
        List<Condition> parts = new ArrayList<>();
        boolean complete = true;
        for (Node part : list.getValue()) {
            Optional<Condition> condition = read(part, depth + 1);
            condition.ifPresent(parts::add);
            complete &= condition.isPresent();
        }
        return complete ? Optional.of(parts) : Optional.empty();
    }

    private Optional<Condition> negation(YamlMapping mapping, int depth) {
        rejectOtherKeys(mapping, "not");
        return read(mapping.optional("not").orElseThrow(), depth + 1).map(Condition.Not::new);
    }

    private Optional<Condition> eventTest(YamlMapping mapping) {
        rejectOtherKeys(mapping, "event");
        Node value = mapping.optional("event").orElseThrow();
        if (value instanceof SequenceNode list && list.getValue().isEmpty()) {
            log.report(value, "event: [] never holds; name at least one event type");
            return Optional.empty();
        }
        return YamlScalars.names(value, "event", log)
                .map(
                        mentions ->
                                new Condition.EventTest(
                                        mentions.stream().map(Mention::text).toList()));
    }

    private Optional<Condition> timeTest(YamlMapping mapping) {
        rejectOtherKeys(mapping, "in_stage_for");
        Node value = mapping.optional("in_stage_for").orElseThrow();
        Optional<Duration> duration = YamlScalars.duration(value, "in_stage_for", log);
        if (duration.isPresent() && duration.get().compareTo(MAX_TIME_IN_STAGE) > 0) {
            log.report(
                    value,
                    "in_stage_for is longer than "
                            + MAX_TIME_IN_STAGE.toDays()
                            + " days (a century); no lead waits that long");
            return Optional.empty();
        }
        return duration.map(Condition.InStageFor::new);
    }

    private Optional<Condition> fieldTest(YamlMapping mapping) {
        Node fieldNode = mapping.optional("field").orElseThrow();
        Optional<String> field = YamlScalars.text(fieldNode, "field", log);
        field.ifPresent(name -> fields.add(Mention.of(name, fieldNode)));
        String subject =
                field.map(name -> "the test of field '" + name + "'").orElse("this field test");

        int before = log.count();
        List<Operator> operators = operators(mapping, subject);
        boolean unknownOperators = log.count() > before;
        boolean caseSensitive = caseSensitivity(mapping);
        if (operators.isEmpty() && unknownOperators) {
            return Optional.empty();
        }
        if (operators.size() != 1) {
            String problem =
                    operators.isEmpty()
                            ? subject
                                    + " has no operator; add one of "
                                    + String.join(", ", OPERATORS)
                            : subject
                                    + " has "
                                    + operators.size()
                                    + " operators ("
                                    + String.join(
                                            ", ",
                                            operators.stream().map(Operator::keyword).toList())
                                    + "); a test has exactly one, so combine tests with all,"
                                    + " or use between";
            log.report(mapping.node(), problem);
            return Optional.empty();
        }
        Operator operator = operators.get(0);
        Node value = mapping.optional(operator.keyword()).orElseThrow();
        Optional<List<Object>> operands =
                new OperandReader(log, field.orElse("name")).read(operator, value);
        if (field.isEmpty() || operands.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Condition.FieldTest(field.get(), operator, operands.get(), caseSensitive));
    }

    /** Every kind of condition but a field test stands alone in its mapping. */
    private void rejectOtherKeys(YamlMapping mapping, String kind) {
        for (String key : mapping.keys()) {
            if (!key.equals(kind)) {
                log.report(
                        mapping.keyNode(key),
                        "'"
                                + key
                                + "' cannot stand beside "
                                + kind
                                + "; a condition with "
                                + kind
                                + " has no other key");
            }
        }
    }

    /** The operator keys of a field test; any other key is reported as an unknown operator. */
    private List<Operator> operators(YamlMapping mapping, String subject) {
        List<Operator> operators = new ArrayList<>();
        for (String key : mapping.keys()) {
            if (key.equals("field") || key.equals("case")) {
                continue;
            }
            Optional<Operator> operator = Operator.fromKeyword(key);
            operator.ifPresent(operators::add);
            if (operator.isEmpty()) {
                String hint =
                        Spelling.closest(key, FIELD_TEST_KEYS)
                                .map(word -> "did you mean '" + word + "'? ")
                                .orElse("");
                log.report(
                        mapping.keyNode(key),
                        "unknown operator '"
                                + key
                                + "' in "
                                + subject
                                + "; "
                                + hint
                                + "the operators are "
                                + String.join(", ", OPERATORS));
            }
        }
        return operators;
    }

    private boolean caseSensitivity(YamlMapping mapping) {
        return mapping.optional("case")
                .flatMap(
                        node ->
                                YamlScalars.keyword(
                                        node, "case", List.of("sensitive", "insensitive"), log))
                .map(word -> word.equals("sensitive"))
                .orElse(false);
    }

    /**
     * Checks the value of one operator against what the operator takes, and turns it into the
     * operand list of a {@link Condition.FieldTest}.
     */
    private record OperandReader(ProblemLog log, String field) {

        Optional<List<Object>> read(Operator operator, Node value) {
            String what = "'" + operator.keyword() + "' on field '" + field + "'";
            return switch (operator) {
                case IN, NOT_IN -> list(operator, value, what);
                case BETWEEN -> bounds(value, what);
                case EXISTS, CHANGED -> onlyTrue(operator, value);
                case MATCHES -> pattern(value, what);
                default -> single(operator, value, what);
            };
        }

        private Optional<List<Object>> single(Operator operator, Node value, String what) {
            if (value instanceof SequenceNode) {
                String hint =
                        operator == Operator.EQ
                                ? "; for a list of values use in"
                                : operator == Operator.NE
                                        ? "; for a list of values use not_in"
                                        : "";
                log.report(value, operator.keyword() + " takes one value, not a list" + hint);
                return Optional.empty();
            }
            return YamlScalars.operand(value, what, log).map(List::of);
        }

        private Optional<List<Object>> list(Operator operator, Node value, String what) {
            List<Node> entries =
                    value instanceof SequenceNode list ? list.getValue() : List.of(value);
            if (entries.isEmpty()) {
                log.report(value, operator.keyword() + ": [] needs at least one value");
                return Optional.empty();
            }
            return all(entries, what);
        }

        private Optional<List<Object>> bounds(Node value, String what) {
            if (!(value instanceof SequenceNode list) || list.getValue().size() != 2) {
                log.report(
                        value,
                        "between on field '"
                                + field
                                + "' needs exactly two values,"
                                + " lowest first, as in between: [10, 50]");
                return Optional.empty();
            }
            Optional<List<Object>> bounds = all(list.getValue(), what);
            if (bounds.isPresent()
                    && bounds.get().get(0) instanceof BigDecimal low
                    && bounds.get().get(1) instanceof BigDecimal high
                    && low.compareTo(high) > 0) {
                log.report(
                        value,
                        "between on field '"
                                + field
                                + "' has its lowest value last;"
                                + " write between: ["
                                + high
                                + ", "
                                + low
                                + "]");
                return Optional.empty();
            }
            return bounds;
        }

        private Optional<List<Object>> onlyTrue(Operator operator, Node value) {
            String keyword = operator.keyword();
            if (value instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
                if (Boolean.parseBoolean(scalar.getValue().toLowerCase(Locale.ROOT))) {
                    return Optional.of(List.of());
                }
                log.report(
                        value,
                        keyword
                                + ": false is not allowed; write not: {field: "
                                + field
                                + ", "
                                + keyword
                                + ": true}");
                return Optional.empty();
            }
            log.report(value, keyword + " takes only true, not " + YamlScalars.describe(value));
            return Optional.empty();
        }

        private Optional<List<Object>> pattern(Node value, String what) {
            if (!(value instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.STR)) {
                log.report(
                        value,
                        what
                                + " must be a regular expression in quotes, not "
                                + YamlScalars.describe(value));
                return Optional.empty();
            }
            String expression = scalar.getValue();
            if (expression.length() > MAX_PATTERN_LENGTH) {
                log.report(
                        value,
                        what
                                + " is "
                                + expression.length()
                                + " characters long;"
                                + " a regular expression may have at most "
                                + MAX_PATTERN_LENGTH);
                return Optional.empty();
            }
            try {
                Pattern.compile(expression);
            } catch (PatternSyntaxException e) {
                log.report(
                        value,
                        what
                                + " is not a valid regular expression: "
                                + e.getDescription()
                                + " near position "
                                + e.getIndex());
                return Optional.empty();
            }
            return Optional.of(List.of(expression));
        }

        private Optional<List<Object>> all(List<Node> entries, String what) {
            List<Object> operands = new ArrayList<>();
            boolean complete = true;
            for (Node entry : entries) {
                Optional<Object> operand = YamlScalars.operand(entry, what, log);
                operand.ifPresent(operands::add);
                complete &= operand.isPresent();
            }
            return complete ? Optional.of(List.copyOf(operands)) : Optional.empty();
        }
    }
}
