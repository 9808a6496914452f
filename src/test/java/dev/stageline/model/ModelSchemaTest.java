package dev.stageline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * docs/model.schema.json, which editors use to check and complete model files, against the loader:
 * the same keys and operators, the shipped models valid, and typical mistakes invalid. The schema
 * is checked with a small validator of the keywords it uses.
 */
class ModelSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode schema;

    @BeforeAll
    static void load() throws IOException {
        schema = JSON.readTree(Path.of("docs", "model.schema.json").toFile());
    }

    private static JsonNode yaml(String text) {
        return JSON.valueToTree(new Load(LoadSettings.builder().build()).loadFromString(text));
    }

    private static List<String> problems(JsonNode model) {
        List<String> problems = new ArrayList<>();
        check(model, schema, "$", problems);
        return problems;
    }

    @Test
    void schema_namesTheLoadersKeysAndOperators() {
        Set<String> top = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(top::add);
        Set<String> operators = new TreeSet<>();
        schema.path("$defs")
                .path("fieldTest")
                .path("properties")
                .fieldNames()
                .forEachRemaining(operators::add);
        operators.removeAll(Set.of("field", "case"));

        assertEquals(new TreeSet<>(ModelReader.KEYS), top);
        assertEquals(
                new TreeSet<>(Arrays.stream(Operator.values()).map(Operator::keyword).toList()),
                operators);
    }

    @Test
    void schema_acceptsEveryShippedModel() throws IOException {
        for (String file :
                List.of(
                        "models/default.yaml",
                        "models/conversation-ready.yaml",
                        "models/recycle.yaml",
                        "models/olist/model.yaml",
                        "src/test/resources/models/worked-example.yaml")) {
            assertEquals(List.of(), problems(yaml(Files.readString(Path.of(file)))), file);
        }
    }

    @Test
    void schema_refusesTypicalMistakes() {
        String base =
                """
                name: m
                attributes: [score]
                stages: [{id: lead, kind: success}]
                rules:
                  - id: r
                    to: lead
                    when: %s
                """;

        assertTrue(!problems(yaml(base.formatted("{field: score, greater_than: 5}"))).isEmpty());
        assertTrue(!problems(yaml(base.formatted("{field: score, gte: 5, lte: 9}"))).isEmpty());
        assertTrue(!problems(yaml(base.formatted("{field: score}"))).isEmpty());
        assertTrue(!problems(yaml(base.formatted("{in_stage_for: 30 days}"))).isEmpty());
        assertTrue(!problems(yaml(base.formatted("{in_stage_for: P30D, event: a}"))).isEmpty());
        assertTrue(!problems(yaml(base.formatted("{field: score, between: [1]}"))).isEmpty());
        assertTrue(!problems(yaml(base.formatted("{event: [a]}") + "stges: []\n")).isEmpty());
        assertTrue(
                !problems(
                                yaml(
                                        base.formatted("{field: score, gte: 5}")
                                                .replace("kind: success", "kind: sucess")))
                        .isEmpty());
        assertEquals(
                List.of(),
                problems(
                        yaml(
                                base.formatted(
                                        "{all: [{field: score, gte: 5, case: sensitive}, "
                                                + "{not: {event: demo}}, {in_stage_for: P30D},"
                                                + " {not: {in_stage_for: PT12H}}]}"))));
    }

    /**
     * The keywords the schema uses: $ref, type, enum, const, required, properties, and the rest.
     */
    private static void check(JsonNode value, JsonNode rule, String where, List<String> problems) {
        if (rule.has("$ref")) {
            check(value, schema.at(rule.path("$ref").asText().substring(1)), where, problems);
        }
        if (rule.has("type") && !typed(value, rule.path("type"))) {
            problems.add(where + " is not " + rule.path("type"));
            return;
        }
        if (rule.has("enum") && !contains(rule.path("enum"), value)) {
            problems.add(where + " is not one of " + rule.path("enum"));
        }
        if (rule.has("const") && !rule.path("const").equals(value)) {
            problems.add(where + " is not " + rule.path("const"));
        }
        if (rule.has("pattern")
                && value.isTextual()
                && !Pattern.compile(rule.path("pattern").asText()).matcher(value.asText()).find()) {
            problems.add(where + " does not match " + rule.path("pattern"));
        }
        if (rule.has("maxLength")
                && value.isTextual()
                && value.asText().length() > rule.path("maxLength").asInt()) {
            problems.add(where + " is too long");
        }
        if (value.isArray()) {
            if (value.size() < rule.path("minItems").asInt(0)
                    || value.size() > rule.path("maxItems").asInt(10_000)) {
                problems.add(where + " has " + value.size() + " items");
            }
            for (int i = 0; i < value.size() && rule.has("items"); i++) {
                check(value.get(i), rule.path("items"), where + "[" + i + "]", problems);
            }
        }
        if (value.isObject()) {
            rule.path("required")
                    .forEach(
                            name -> {
                                if (!value.has(name.asText())) {
                                    problems.add(where + " lacks " + name.asText());
                                }
                            });
            if (value.size() < rule.path("minProperties").asInt(0)) {
                problems.add(where + " has too few keys");
            }
            value.fieldNames()
                    .forEachRemaining(
                            name -> {
                                if (rule.path("properties").has(name)) {
                                    check(
                                            value.get(name),
                                            rule.path("properties").path(name),
                                            where + "." + name,
                                            problems);
                                } else if (rule.path("additionalProperties").isBoolean()
                                        && !rule.path("additionalProperties").asBoolean()) {
                                    problems.add(where + " has unknown key " + name);
                                }
                            });
        }
        if (rule.has("oneOf")) {
            int matching = 0;
            for (JsonNode option : rule.path("oneOf")) {
                List<String> optionProblems = new ArrayList<>();
                check(value, option, where, optionProblems);
                matching += optionProblems.isEmpty() ? 1 : 0;
            }
            if (matching != 1) {
                problems.add(where + " matches " + matching + " of the alternatives, not one");
            }
        }
    }

    private static boolean typed(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (typed(value, one)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
