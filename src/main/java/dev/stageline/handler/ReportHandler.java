package dev.stageline.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.stageline.log.JsonLog;
import dev.stageline.model.LifecycleModel;
import dev.stageline.report.Granularity;
import dev.stageline.report.Period;
import dev.stageline.store.ReportStore;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /reports/funnel?granularity=month&from=2026-01-01&to=2026-04-01}: the stored funnel
 * figures of each period overlapping {@code [from, to)}, optionally broken down by one of the
 * model's dimensions ({@code dimension=country}), as JSON or, for {@code Accept: text/csv} or
 * {@code format=csv}, as CSV. A period the aggregation has not computed yet is listed with {@code
 * "computed": false}.
 */
public final class ReportHandler
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    static final int MAX_PERIODS = 1_000;
    private static final Set<String> PARAMETERS =
            Set.of("granularity", "from", "to", "dimension", "format");
    private static final JsonLog LOG = JsonLog.named("report");

    private final Application app;

    public ReportHandler() {
        this(Application.fromEnvironment());
    }

    public ReportHandler(Application app) {
        this.app = app;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Map<String, String> query =
                Optional.ofNullable(event.getQueryStringParameters()).orElse(Map.of());
        Request request;
        try {
            request = Request.parse(query, app.model());
        } catch (IllegalArgumentException e) {
            return HttpResponses.error(400, "invalid_parameter", e.getMessage());
        }
        boolean csv =
                request.format()
                        .map("csv"::equals)
                        .orElseGet(
                                () ->
                                        prefersCsv(
                                                WebhookHandler.headers(event)
                                                        .getOrDefault("accept", "")));
        try {
            Map<String, Object> body = report(request);
            LOG.info(
                    "report served",
                    "granularity",
                    request.granularity().keyword(),
                    "dimension",
                    request.dimension().orElse(""),
                    "periods",
                    request.periods().size(),
                    "format",
                    csv ? "csv" : "json");
            return csv ? ReportCsv.response(body, request) : HttpResponses.json(200, body);
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.error(
                    "report failed",
                    "exception",
                    e.getClass().getName(),
                    "reason",
                    String.valueOf(e.getMessage()));
            return HttpResponses.error(
                    500, "internal_error", "the report could not be read; retry later");
        }
    }

    /**
     * Whether an Accept header ranks CSV above JSON: media types compare without case, and a type's
     * {@code q} weight (1 when absent) decides; wildcards count for JSON, the default.
     */
    static boolean prefersCsv(String accept) {
        double csv = 0;
        double json = 0;
        for (String range : accept.toLowerCase(java.util.Locale.ROOT).split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip();
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip();
                if (parameter.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (type.equals("text/csv")) {
                csv = Math.max(csv, q);
            } else if (type.equals("application/json")
                    || type.equals("*/*")
                    || type.equals("application/*")) {
                json = Math.max(json, q);
            }
        }
        return csv > 0 && csv > json;
    }

    private Map<String, Object> report(Request request) throws JsonProcessingException {
        LifecycleModel model = app.model();
        String granularity = request.granularity().keyword();
        LocalDate first = request.periods().getFirst().start();
        Map<LocalDate, ReportStore.StoredPeriod> stored =
                app.reports().periods(granularity, "", first, request.to());
        Map<LocalDate, ReportStore.StoredPeriod> broken =
                request.dimension()
                        .map(d -> app.reports().periods(granularity, d, first, request.to()))
                        .orElse(Map.of());

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model.name());
        body.put("timeZone", model.timeZone().getId());
        body.put("skippedStages", model.skippedStages().label());
        body.put("granularity", granularity);
        body.put("from", request.from().toString());
        body.put("to", request.to().toString());
        request.dimension().ifPresent(d -> body.put("dimension", d));
        body.put(
                "stages",
                model.stages().stream()
                        .map(
                                s ->
                                        Map.of(
                                                "id",
                                                s.id(),
                                                "name",
                                                s.name(),
                                                "kind",
                                                s.kind().name().toLowerCase()))
                        .toList());
        List<Map<String, Object>> periods = new ArrayList<>();
        for (Period period : request.periods()) {
            Map<String, Object> entry = period(period, stored.get(period.start()));
            if (request.dimension().isPresent() && stored.get(period.start()) != null) {
                entry.put("values", values(broken.get(period.start())));
            }
            periods.add(entry);
        }
        body.put("periods", periods);
        return body;
    }

    private static Map<String, Object> period(Period period, ReportStore.StoredPeriod stored) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("label", period.label());
        body.put("start", period.start().toString());
        body.put("end", period.end().toString());
        body.put("computed", stored != null);
        if (stored != null) {
            body.put("asOf", stored.asOf().toString());
            body.put("partial", stored.partial());
            body.put("stages", json(stored));
        }
        return body;
    }

    /** A breakdown's values, each with its stages, as {@code [{"value", "stages"}]}. */
    private static List<Map<String, Object>> values(ReportStore.StoredPeriod stored) {
        List<Map<String, Object>> values = new ArrayList<>();
        if (stored != null) {
            json(stored)
                    .fields()
                    .forEachRemaining(
                            value -> {
                                Map<String, Object> entry = new LinkedHashMap<>();
                                entry.put("value", value.getKey());
                                entry.put("stages", value.getValue());
                                values.add(entry);
                            });
        }
        return values;
    }

    private static JsonNode json(ReportStore.StoredPeriod stored) {
        try {
            return HttpResponses.JSON.readTree(stored.figuresJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "stored figures of " + stored.label() + " are not JSON", e);
        }
    }

    /** A validated report request. */
    record Request(
            Granularity granularity,
            LocalDate from,
            LocalDate to,
            List<Period> periods,
            Optional<String> dimension,
            Optional<String> format) {

        /**
         * @throws IllegalArgumentException naming the parameter that is missing or wrong
         */
        static Request parse(Map<String, String> query, LifecycleModel model) {
            for (String name : query.keySet()) {
                if (!PARAMETERS.contains(name)) {
                    throw new IllegalArgumentException(
                            "unknown parameter '"
                                    + abbreviate(name)
                                    + "'; use granularity, from, to, dimension and format");
                }
            }
            String granularityText = required(query, "granularity");
            Granularity granularity =
                    Granularity.fromKeyword(granularityText)
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "granularity must be day, week, month or"
                                                        + " quarter, got '"
                                                            + abbreviate(granularityText)
                                                            + "'"));
            LocalDate from = date(query, "from");
            LocalDate to = date(query, "to");
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException(
                        "'from' (" + from + ") must be before 'to' (" + to + ")");
            }
            if (from.plusYears(100).isBefore(to)) {
                throw new IllegalArgumentException("a report covers at most 100 years");
            }
            List<Period> periods = Period.covering(granularity, from, to, model);
            if (periods.size() > MAX_PERIODS) {
                throw new IllegalArgumentException(
                        "the range holds "
                                + periods.size()
                                + " "
                                + granularity.keyword()
                                + " periods; at most "
                                + MAX_PERIODS
                                + " per request");
            }
            Optional<String> dimension =
                    Optional.ofNullable(query.get("dimension")).map(String::strip);
            if (dimension.isPresent() && !model.dimensions().contains(dimension.get())) {
                throw new IllegalArgumentException(
                        "dimension must be one of the model's "
                                + model.dimensions()
                                + ", got '"
                                + abbreviate(dimension.get())
                                + "'");
            }
            Optional<String> format = Optional.ofNullable(query.get("format")).map(String::strip);
            if (format.isPresent() && !Set.of("json", "csv").contains(format.get())) {
                throw new IllegalArgumentException(
                        "format must be json or csv, got '" + abbreviate(format.get()) + "'");
            }
            return new Request(granularity, from, to, periods, dimension, format);
        }

        private static LocalDate date(Map<String, String> query, String name) {
            String text = required(query, name);
            LocalDate date;
            try {
                date = LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw notADate(name, text);
            }
            // Four-digit years only: LocalDate.parse also takes +999999999-12-31, where the end
            // of a period overflows LocalDate and the request would fail with a 5xx.
            if (date.getYear() < 0 || date.getYear() > 9999) {
                throw notADate(name, text);
            }
            return date;
        }

        private static IllegalArgumentException notADate(String name, String text) {
            return new IllegalArgumentException(
                    "'"
                            + name
                            + "' must be a date such as 2026-01-01, got '"
                            + abbreviate(text)
                            + "'");
        }

        private static String required(Map<String, String> query, String name) {
            String value = query.get(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("parameter '" + name + "' is required");
            }
            return value.strip();
        }

        private static String abbreviate(String text) {
            String cleaned = text.replaceAll("[^\\p{Print}]", "?");
            return cleaned.length() <= 40 ? cleaned : cleaned.substring(0, 40) + "...";
        }
    }
}
