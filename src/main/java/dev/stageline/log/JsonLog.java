package dev.stageline.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes one JSON object per line to standard output, which Lambda sends to CloudWatch. Callers
 * pass values as key-value pairs; lead keys and event ids may be logged, emails, names and secrets
 * never.
 *
 * <pre>{@code
 * JsonLog log = JsonLog.named("webhook");
 * log.info("delivery stored", "source", "web", "events", 3, "duplicates", 1);
 * }</pre>
 */
public final class JsonLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Level THRESHOLD = Level.parse(System.getenv("STAGELINE_LOG_LEVEL"));
    private static final PrintStream out = System.out;

    private final String name;

    private JsonLog(String name) {
        this.name = name;
    }

    public static JsonLog named(String name) {
        return new JsonLog(name);
    }

    public void debug(String message, Object... fields) {
        write(Level.DEBUG, message, fields);
    }

    public void info(String message, Object... fields) {
        write(Level.INFO, message, fields);
    }

    public void warn(String message, Object... fields) {
        write(Level.WARN, message, fields);
    }

    public void error(String message, Object... fields) {
        write(Level.ERROR, message, fields);
    }

    private void write(Level level, String message, Object... fields) {
        if (level.ordinal() < THRESHOLD.ordinal()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level.name());
        line.put("logger", name);
        line.put("message", message);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            line.put(String.valueOf(fields[i]), fields[i + 1]);
        }
        try {
            out.println(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            out.println("{\"level\":\"ERROR\",\"message\":\"unloggable fields\"}");
        }
    }

    private enum Level {
        DEBUG,
        INFO,
        WARN,
        ERROR;

        static Level parse(String text) {
            if (text == null || text.isBlank()) {
                return INFO;
            }
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return INFO;
            }
        }
    }
}
