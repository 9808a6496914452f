package dev.stageline.ingest;

import com.fasterxml.jackson.core.JsonPointer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One source's entry in {@code config/sources.yaml}, read key by key. Each getter names the file,
 * the source and the key when a value is missing or malformed; {@link #finish} then refuses any key
 * that no getter asked for, so a misspelt key stops start-up instead of being ignored.
 */
public final class SourceConfig {

    private final String name;
    private final String where;
    private final Map<?, ?> values;
    private final Set<String> asked = new LinkedHashSet<>();

    SourceConfig(String name, String where, Map<?, ?> values) {
        this.name = name;
        this.where = where;
        this.values = values;
    }

    /** The source's name: the last segment of its URL. */
    public String name() {
        return name;
    }

    public String text(String key) {
        return optionalText(key).orElseThrow(() -> problem("'" + key + "' is required"));
    }

    public Optional<String> optionalText(String key) {
        Object value = value(key);
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw problem("'" + key + "' must be a single value");
        }
        return Optional.ofNullable(value).map(Object::toString);
    }

    public String text(String key, String fallback) {
        return optionalText(key).orElse(fallback);
    }

    public int integer(String key, int fallback) {
        Object value = value(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            throw problem("'" + key + "' must be a whole number, got '" + value + "'");
        }
    }

    public boolean flag(String key, boolean fallback) {
        Object value = value(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw problem("'" + key + "' must be true or false, got '" + value + "'");
    }

    public JsonPointer pointer(String key) {
        return optionalPointer(key)
                .orElseThrow(() -> problem("'" + key + "': a JSON pointer is required"));
    }

    public Optional<JsonPointer> optionalPointer(String key) {
        return optionalText(key).map(text -> compile(text, key));
    }

    /** A list of strings; a single value counts as a list of one. */
    public List<String> list(String key) {
        Object value = value(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> items) {
            List<String> texts = new ArrayList<>();
            for (Object item : items) {
                if (item == null || item instanceof Map<?, ?> || item instanceof List<?>) {
                    throw problem("'" + key + "' must be a list of values");
                }
                texts.add(item.toString());
            }
            return List.copyOf(texts);
        }
        if (value instanceof Map<?, ?>) {
            throw problem("'" + key + "' must be a list of values");
        }
        return List.of(value.toString());
    }

    /** A mapping of names to single values, in file order. */
    public Map<String, String> textMap(String key) {
        Object value = value(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw problem("'" + key + "' must be a mapping");
        }
        Map<String, String> texts = new LinkedHashMap<>();
        map.forEach(
                (k, v) -> {
                    if (v == null || v instanceof Map<?, ?> || v instanceof List<?>) {
                        throw problem("'" + key + "." + k + "' must be a single value");
                    }
                    texts.put(k.toString(), v.toString());
                });
        return texts;
    }

    /** A mapping of names to JSON pointers, in file order. */
    public Map<String, JsonPointer> pointerMap(String key) {
        Map<String, JsonPointer> pointers = new LinkedHashMap<>();
        textMap(key).forEach((k, v) -> pointers.put(k, compile(v, key + "." + k)));
        return pointers;
    }

    /** A nested mapping read the same way; absent reads as empty. */
    public SourceConfig section(String key) {
        Object value = value(key);
        if (value == null) {
            return new SourceConfig(name, where + ", " + key, Map.of());
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw problem("'" + key + "' must be a mapping");
        }
        return new SourceConfig(name, where + ", " + key, map);
    }

    /**
     * @throws IllegalArgumentException naming the keys no getter asked for
     */
    public void finish() {
        for (Object key : values.keySet()) {
            if (!asked.contains(String.valueOf(key))) {
                throw problem("unknown key '" + key + "'; known: " + List.copyOf(asked));
            }
        }
    }

    /** A configuration error naming the file, the source and {@code what}. */
    public IllegalArgumentException problem(String what) {
        return new IllegalArgumentException(where + ": " + what);
    }

    private Object value(String key) {
        asked.add(key);
        return values.get(key);
    }

    private JsonPointer compile(String text, String key) {
        try {
            return JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            throw problem("'" + key + "': '" + text + "' is not a JSON pointer");
        }
    }
}
