package dev.stageline.ingest;

import com.fasterxml.jackson.core.JsonPointer;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured webhook sources, read from a YAML file ({@code config/sources.yaml}). A source
 * that is misconfigured stops start-up with a message naming the file, the source and the key,
 * rather than failing on its first request.
 */
public final class SourceCatalog {

    private static final int DEFAULT_MAX_BODY = 256 * 1024;
    private static final List<String> KEYS =
            List.of(
                    "kind",
                    "secret",
                    "maxBodyBytes",
                    "leadKey",
                    "leadKeyPrefix",
                    "eventId",
                    "occurredAt",
                    "type",
                    "attributes");

    private final Map<String, JsonSource> sources;

    private SourceCatalog(Map<String, JsonSource> sources) {
        this.sources = Map.copyOf(sources);
    }

    public Optional<JsonSource> source(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    public List<String> names() {
        return sources.keySet().stream().sorted().toList();
    }

    /** Reads {@code classpath:name} from the jar or a file path. */
    public static SourceCatalog load(String location) {
        return parse(location, ConfigText.read(location));
    }

    /**
     * @throws IllegalArgumentException naming the file, the source and what is wrong
     */
    public static SourceCatalog parse(String file, String yaml) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(file).build()).loadFromString(yaml);
        } catch (org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new IllegalArgumentException(
                    file + ":" + line + ": YAML syntax error: " + e.getProblem());
        } catch (org.snakeyaml.engine.v2.exceptions.YamlEngineException e) {
            throw new IllegalArgumentException(
                    file + ": not YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<?, ?> top = map(root, file, "the file");
        Map<?, ?> entries = map(top.get("sources"), file, "'sources'");
        Map<String, JsonSource> sources = new LinkedHashMap<>();
        entries.forEach(
                (name, value) -> {
                    String where = file + ": source '" + name + "'";
                    sources.put(
                            name.toString(),
                            source(name.toString(), map(value, file, where), where));
                });
        return new SourceCatalog(sources);
    }

    private static JsonSource source(String name, Map<?, ?> config, String where) {
        for (Object key : config.keySet()) {
            if (!KEYS.contains(key.toString())) {
                throw new IllegalArgumentException(
                        where + ": unknown key '" + key + "'; known: " + KEYS);
            }
        }
        if (!"json".equals(text(config, "kind", where, "json"))) {
            throw new IllegalArgumentException(where + ": kind must be 'json'");
        }
        Map<String, JsonPointer> attributes = new LinkedHashMap<>();
        Object mapped = config.get("attributes");
        if (mapped != null) {
            map(mapped, where, "'attributes'")
                    .forEach(
                            (attribute, pointer) ->
                                    attributes.put(
                                            attribute.toString(),
                                            pointer(pointer, where + ", attribute " + attribute)));
        }
        Object maxBody = config.get("maxBodyBytes");
        return new JsonSource(
                name,
                text(config, "secret", where, null),
                maxBody == null ? DEFAULT_MAX_BODY : bytes(maxBody, where),
                text(config, "leadKeyPrefix", where, name + ":"),
                pointer(config.get("leadKey"), where + ", leadKey"),
                Optional.ofNullable(config.get("eventId"))
                        .map(p -> pointer(p, where + ", eventId")),
                pointer(config.get("occurredAt"), where + ", occurredAt"),
                pointer(config.get("type"), where + ", type"),
                attributes);
    }

    private static int bytes(Object value, String where) {
        try {
            return Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    where + ": maxBodyBytes '" + value + "' is not a whole number of bytes", e);
        }
    }

    private static JsonPointer pointer(Object value, String where) {
        if (value == null) {
            throw new IllegalArgumentException(where + ": a JSON pointer is required");
        }
        try {
            return JsonPointer.compile(value.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    where + ": '" + value + "' is not a JSON pointer", e);
        }
    }

    private static String text(Map<?, ?> config, String key, String where, String fallback) {
        Object value = config.get(key);
        if (value == null && fallback == null) {
            throw new IllegalArgumentException(where + ": '" + key + "' is required");
        }
        return value == null ? fallback : value.toString();
    }

    private static Map<?, ?> map(Object value, String file, String what) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException(file + ": " + what + " must be a mapping");
    }
}
