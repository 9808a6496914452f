package dev.stageline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;

import dev.stageline.testing.TestStack;
import dev.stageline.testing.TestStack.Answer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/openapi.yaml against what the handlers do: the documented routes are the template's, and
 * every answer of a set of good and bad requests has a documented status and content type, and a
 * body that fits the documented schema.
 */
class OpenApiTest {

    private static Map<String, Object> spec;
    private static TestStack stack;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        spec =
                (Map<String, Object>)
                        new Load(LoadSettings.builder().build())
                                .loadFromString(Files.readString(Path.of("docs", "openapi.yaml")));
        stack = TestStack.start("models/default.yaml");
        stack.webhook(
                "web",
                """
                {"id": "api-1", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z",
                 "lead": {"id": "API-1", "score": 70, "country": "DE"}}\
                """,
                "msg_api_1");
        stack.drain();
        stack.post("/admin/aggregate", "{\"granularities\": [\"month\"]}");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void paths_areTheRoutesTheTemplateDeclares() throws IOException {
        Set<String> documented = new TreeSet<>();
        map(spec.get("paths"))
                .forEach(
                        (path, operations) ->
                                map(operations)
                                        .keySet()
                                        .forEach(
                                                method ->
                                                        documented.add(
                                                                method.toUpperCase()
                                                                        + " "
                                                                        + path)));
        Set<String> declared = new TreeSet<>();
        Matcher route =
                Pattern.compile("Method: (\\w+)\\s+Path: (\\S+)")
                        .matcher(Files.readString(Path.of("template.yaml")));
        while (route.find()) {
            declared.add(route.group(1) + " " + route.group(2));
        }

        assertEquals(declared, documented);
    }

    @Test
    void reportParameters_documentedOnesAreAcceptedAndOthersRefused() {
        List<String> names = new ArrayList<>();
        operation("/reports/funnel", "get").get("parameters");
        for (Object parameter : (List<?>) operation("/reports/funnel", "get").get("parameters")) {
            names.add((String) map(parameter).get("name"));
        }
        assertEquals(List.of("granularity", "from", "to", "dimension", "format"), names);

        Answer all =
                stack.get(
                        "/reports/funnel?granularity=month&from=2026-11-01&to=2026-12-01"
                                + "&dimension=country&format=json");
        Answer extra =
                stack.get(
                        "/reports/funnel?granularity=month&from=2026-11-01&to=2026-12-01&colour=red");

        assertEquals(200, all.status());
        assertEquals(400, extra.status());
    }

    @Test
    void answers_fitTheDocumentedResponses() {
        String good =
                """
                {"id": "api-2", "type": "form_submitted", "occurredAt": "2026-11-03T09:15:00Z", "lead": {"id": "API-2"}}\
                """;
        check("/webhooks/{source}", "post", stack.webhook("web", good, "msg_api_2"));
        check("/webhooks/{source}", "post", stack.webhook("web", good, "msg_api_2"));
        check("/webhooks/{source}", "post", stack.webhook("web", "{", "msg_api_3"));
        check("/webhooks/{source}", "post", stack.webhook("nosuch", good, "msg_api_4"));
        check(
                "/webhooks/{source}",
                "post",
                stack.send(
                        HttpRequest.newBuilder(stack.uri("/webhooks/salesforce?token=wrong"))
                                .header("content-type", "text/xml")
                                .POST(HttpRequest.BodyPublishers.ofString("<x/>"))));
        check(
                "/webhooks/{source}",
                "get",
                stack.send(HttpRequest.newBuilder(stack.uri("/webhooks/web")).GET()));
        check(
                "/webhooks/{source}",
                "post",
                stack.send(
                        HttpRequest.newBuilder(stack.uri("/webhooks/web"))
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(good))));
        check(
                "/webhooks/{source}",
                "post",
                stack.send(
                        HttpRequest.newBuilder(stack.uri("/webhooks/web"))
                                .header("content-type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString(good))));
        check("/leads/{leadKey}", "get", stack.get("/leads/web:API-1"));
        stack.webhook(
                "web",
                """
                {"id": "api-m", "type": "identity.merged", "occurredAt": "2026-11-04T09:15:00Z",
                 "lead": {"id": "API-3", "aliases": ["web:API-2"]}}\
                """,
                "msg_api_merge");
        stack.drain();
        Answer merged = stack.get("/leads/web:API-3");
        assertEquals("web:API-2", merged.body().path("leadKey").asText(), merged.text());
        check("/leads/{leadKey}", "get", merged);
        check("/leads/{leadKey}", "get", stack.get("/leads/web:nobody"));
        check("/leads/{leadKey}", "get", stack.get("/leads/" + "k".repeat(600)));
        check(
                "/reports/funnel",
                "get",
                stack.get("/reports/funnel?granularity=month&from=2026-10-01&to=2027-01-01"));
        check(
                "/reports/funnel",
                "get",
                stack.get(
                        "/reports/funnel?granularity=month&from=2026-11-01&to=2026-12-01&dimension=country"));
        check(
                "/reports/funnel",
                "get",
                stack.get("/reports/funnel?granularity=year&from=2026-11-01&to=2026-12-01"));
        check(
                "/reports/funnel",
                "get",
                stack.send(
                        HttpRequest.newBuilder(
                                        stack.uri(
                                                "/reports/funnel?granularity=month&from=2026-11-01&to=2026-12-01"))
                                .header("accept", "text/csv")
                                .GET()));
    }

    private static Map<String, Object> operation(String path, String method) {
        return map(map(map(spec.get("paths")).get(path)).get(method));
    }

    private static void check(String path, String method, Answer answer) {
        Map<String, Object> responses = map(operation(path, method).get("responses"));
        Object response = responses.get(Integer.toString(answer.status()));
        if (response == null) {
            fail(
                    method
                            + " "
                            + path
                            + " answered "
                            + answer.status()
                            + ", which is not documented");
        }
        Map<String, Object> content = map(resolve(response).get("content"));
        String type = answer.contentType().split(";")[0].strip();
        assertTrue(
                content.containsKey(type),
                method + " " + path + " " + answer.status() + " answered " + type);
        if (type.equals("application/json")) {
            List<String> problems = new ArrayList<>();
            fits(answer.body(), map(content.get(type)).get("schema"), "$", problems);
            assertEquals(List.of(), problems, method + " " + path + " " + answer.status());
        }
    }

    private static Map<String, Object> resolve(Object node) {
        Map<String, Object> schema = map(node);
        Object ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        Object target = spec;
        for (String part : ((String) ref).substring(2).split("/")) {
            target = map(target).get(part);
        }
        return resolve(target);
    }

    /** A small JSON Schema check: types, nullable, enum, required, properties and items. */
    private static void fits(
            JsonNode value, Object schemaNode, String where, List<String> problems) {
        Map<String, Object> schema = resolve(schemaNode);
        if (value.isNull()) {
            if (!Boolean.TRUE.equals(schema.get("nullable"))) {
                problems.add(where + " is null");
            }
            return;
        }
        String type = (String) schema.get("type");
        boolean typed =
                switch (type == null ? "any" : type) {
                    case "object" -> value.isObject();
                    case "array" -> value.isArray();
                    case "string" -> value.isTextual();
                    case "integer" -> value.isIntegralNumber();
                    case "number" -> value.isNumber();
                    case "boolean" -> value.isBoolean();
                    default -> true;
                };
        if (!typed) {
            problems.add(where + " is not " + type + ": " + value);
            return;
        }
        if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(value.asText())) {
            problems.add(where + " is " + value + ", not one of " + allowed);
        }
        if (schema.get("required") instanceof List<?> required) {
            required.forEach(
                    name -> {
                        if (!value.has((String) name)) {
                            problems.add(where + " lacks " + name);
                        }
                    });
        }
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            properties.forEach(
                    (name, property) -> {
                        if (value.has((String) name)) {
                            fits(value.get((String) name), property, where + "." + name, problems);
                        }
                    });
        }
        if (schema.get("items") != null) {
            for (int i = 0; i < value.size(); i++) {
                fits(value.get(i), schema.get("items"), where + "[" + i + "]", problems);
            }
        }
    }
}
