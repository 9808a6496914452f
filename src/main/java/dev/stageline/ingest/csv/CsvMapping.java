package dev.stageline.ingest.csv;

import dev.stageline.engine.LeadEvent;
import dev.stageline.ingest.ConfigText;
import dev.stageline.ingest.EventValues;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the rows of one CRM export become lead events: which column holds the lead id, how the event
 * id is formed, which column holds the event time (with its format and time zone), what the event
 * type is and which columns are attributes. Read from a YAML mapping file.
 *
 * <pre>{@code
 * source: olist
 * leadKey: {column: mql_id, prefix: "olist:"}
 * eventId: {column: mql_id, prefix: "mql:"}
 * occurredAt: {column: first_contact_date, format: dd-MM-yyyy, zone: America/Sao_Paulo}
 * type: {value: mql_created}
 * attributes: {origin: origin}
 * }</pre>
 */
public record CsvMapping(
        String source,
        Field leadKey,
        Field eventId,
        Field occurredAt,
        DateTimeFormatter timeFormat,
        ZoneId zone,
        Field type,
        Map<String, String> attributes,
        Set<String> numericAttributes) {

    /** A value taken from a column, or a constant, with an optional prefix. */
    public record Field(Optional<String> column, Optional<String> value, String prefix) {

        String resolve(Map<String, String> row) {
            String raw =
                    column.map(c -> row.getOrDefault(c, "")).or(() -> value).orElse("").strip();
            return raw.isEmpty() ? "" : prefix + raw;
        }
    }

    public static CsvMapping load(String location) {
        return parse(location, ConfigText.read(location));
    }

    /**
     * @throws IllegalArgumentException naming the file and the key that is wrong
     */
    public static CsvMapping parse(String file, String yaml) {
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
        Map<?, ?> top = map(root, file + ": the mapping");
        known(top, file, TOP_KEYS);
        Map<?, ?> time = map(top.get("occurredAt"), file + ": occurredAt");
        known(time, file + ": occurredAt", List.of("column", "value", "prefix", "format", "zone"));
        String format = text(time, "format", file + ": occurredAt");
        DateTimeFormatter formatter;
        try {
            // Strict, so that 31-02-2018 is refused instead of read as 28 February; strict
            // resolution needs an era for a yyyy year, hence the default.
            formatter =
                    new DateTimeFormatterBuilder()
                            .appendPattern(format)
                            .parseDefaulting(ChronoField.ERA, 1)
                            .toFormatter()
                            .withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    file + ": occurredAt.format '" + format + "' is not a date pattern", e);
        }
        ZoneId zone;
        try {
            zone =
                    ZoneId.of(
                            Optional.ofNullable(time.get("zone"))
                                    .map(Object::toString)
                                    .orElse("UTC"));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(file + ": occurredAt.zone is not a time zone", e);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        Object mapped = top.get("attributes");
        if (mapped != null) {
            map(mapped, file + ": attributes")
                    .forEach((k, v) -> attributes.put(k.toString(), v.toString()));
        }
        Object numeric = top.get("numericAttributes");
        Set<String> numbers =
                numeric instanceof List<?> list
                        ? Set.copyOf(list.stream().map(Object::toString).toList())
                        : Set.of();
        return new CsvMapping(
                text(top, "source", file),
                field(top.get("leadKey"), file + ": leadKey"),
                field(top.get("eventId"), file + ": eventId"),
                field(time, file + ": occurredAt"),
                formatter,
                zone,
                field(top.get("type"), file + ": type"),
                attributes,
                numbers);
    }

    /** The columns the mapping reads; a file lacking one of them is refused before any row. */
    public Set<String> columns() {
        Set<String> columns = new java.util.TreeSet<>(attributes.values());
        for (Field field : List.of(leadKey, eventId, occurredAt, type)) {
            field.column().ifPresent(columns::add);
        }
        return columns;
    }

    /**
     * Maps one row to an event, keeping only {@code allowed} attributes.
     *
     * @throws IllegalArgumentException naming the column and what is wrong with its value
     */
    public LeadEvent event(Map<String, String> row, Set<String> allowed) {
        String lead = required(leadKey, row, "lead key");
        String id = required(eventId, row, "event id");
        String eventType = required(type, row, "event type");
        Instant at =
                instant(
                        required(
                                new Field(occurredAt.column(), occurredAt.value(), ""),
                                row,
                                "event time"));

        Map<String, Object> values = new LinkedHashMap<>();
        attributes.forEach(
                (name, column) -> {
                    String value = row.getOrDefault(column, "").strip();
                    if (!value.isEmpty() && allowed.contains(name)) {
                        values.put(
                                name,
                                numericAttributes.contains(name) ? number(name, value) : value);
                    }
                });
        return new LeadEvent(lead, id, at, eventType, values);
    }

    private Instant instant(String text) {
        try {
            TemporalAccessor parsed =
                    timeFormat.parseBest(text, LocalDateTime::from, LocalDate::from);
            LocalDateTime local =
                    parsed instanceof LocalDate date ? date.atStartOfDay() : (LocalDateTime) parsed;
            Instant at = local.atZone(zone).toInstant();
            EventValues.timeProblem(at)
                    .ifPresent(
                            problem -> {
                                throw new IllegalArgumentException(
                                        "column "
                                                + occurredAt.column().orElse("occurredAt")
                                                + " "
                                                + problem);
                            });
            return at;
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "column "
                            + occurredAt.column().orElse("occurredAt")
                            + ": '"
                            + text
                            + "' does not match the format of the mapping");
        }
    }

    private static BigDecimal number(String name, String value) {
        BigDecimal number;
        try {
            number = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "attribute " + name + ": '" + value + "' is not a number");
        }
        EventValues.numberProblem(number)
                .ifPresent(
                        problem -> {
                            throw new IllegalArgumentException(
                                    "attribute " + name + ": '" + value + "' " + problem);
                        });
        return number;
    }

    private static String required(Field field, Map<String, String> row, String what) {
        String value = field.resolve(row);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(
                    what + " is empty" + field.column().map(c -> " (column " + c + ")").orElse(""));
        }
        return value;
    }

    private static final List<String> TOP_KEYS =
            List.of(
                    "source",
                    "leadKey",
                    "eventId",
                    "occurredAt",
                    "type",
                    "attributes",
                    "numericAttributes");

    private static void known(Map<?, ?> map, String where, List<String> keys) {
        for (Object key : map.keySet()) {
            if (!keys.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(
                        where + ": unknown key '" + key + "'; known: " + keys);
            }
        }
    }

    private static Field field(Object value, String where) {
        Map<?, ?> map = map(value, where);
        if (!where.endsWith("occurredAt")) {
            known(map, where, List.of("column", "value", "prefix"));
        }
        Optional<String> column = Optional.ofNullable(map.get("column")).map(Object::toString);
        Optional<String> constant = Optional.ofNullable(map.get("value")).map(Object::toString);
        if (column.isPresent() == constant.isPresent()) {
            throw new IllegalArgumentException(
                    where + ": give exactly one of 'column' and 'value'");
        }
        return new Field(
                column,
                constant,
                Optional.ofNullable(map.get("prefix")).map(Object::toString).orElse(""));
    }

    private static String text(Map<?, ?> map, String key, String where) {
        Object value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException(where + ": '" + key + "' is required");
        }
        return value.toString();
    }

    private static Map<?, ?> map(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException(where + " must be a mapping");
    }
}
