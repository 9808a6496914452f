package dev.stageline.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a funnel report as CSV that spreadsheets open as meant: a header row, one row per period,
 * value and stage, CRLF line ends, RFC 4180 quoting, a UTF-8 byte order mark so Excel reads accents
 * right, and text cells that start like a formula prefixed with an apostrophe so a spreadsheet does
 * not evaluate them.
 */
final class ReportCsv {

    private static final List<String> FIGURES =
            List.of(
                    "entered",
                    "enteredLeads",
                    "exited",
                    "advanced",
                    "balance",
                    "slaBreaches",
                    "slaPastDue");

    private ReportCsv() {}

    static APIGatewayV2HTTPResponse response(
            Map<String, Object> report, ReportHandler.Request request) {
        String file =
                "funnel-"
                        + request.granularity().keyword()
                        + request.dimension().map(d -> "-" + d).orElse("")
                        + "-"
                        + request.from()
                        + "-"
                        + request.to()
                        + ".csv";
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(
                        Map.of(
                                "content-type", "text/csv; charset=utf-8",
                                "content-disposition", "attachment; filename=\"" + file + "\"",
                                "cache-control", "no-store"))
                .withBody(render(report))
                .build();
    }

    @SuppressWarnings("unchecked")
    static String render(Map<String, Object> report) {
        boolean broken = report.containsKey("dimension");
        StringBuilder csv = new StringBuilder("\uFEFF");
        List<String> header =
                new ArrayList<>(List.of("period", "start", "end", "partial", "as_of"));
        if (broken) {
            header.addAll(List.of("dimension", "value"));
        }
        header.add("stage");
        header.addAll(
                List.of(
                        "entered",
                        "entered_leads",
                        "exited",
                        "advanced",
                        "balance",
                        "sla_breaches",
                        "sla_past_due",
                        "velocity_n",
                        "velocity_median_days",
                        "velocity_p90_days",
                        "velocity_mean_days",
                        "next_stage",
                        "next_converted",
                        "next_cohort",
                        "next_complete",
                        "last_stage",
                        "last_converted",
                        "last_cohort",
                        "last_complete"));
        row(csv, header);

        for (Map<String, Object> period : (List<Map<String, Object>>) report.get("periods")) {
            if (!Boolean.TRUE.equals(period.get("computed"))) {
                continue;
            }
            List<String> lead =
                    List.of(
                            String.valueOf(period.get("label")),
                            String.valueOf(period.get("start")),
                            String.valueOf(period.get("end")),
                            String.valueOf(period.get("partial")),
                            String.valueOf(period.get("asOf")));
            if (broken) {
                for (Map<String, Object> value : (List<Map<String, Object>>) period.get("values")) {
                    List<String> prefix = new ArrayList<>(lead);
                    prefix.addAll(
                            List.of(
                                    String.valueOf(report.get("dimension")),
                                    String.valueOf(value.get("value"))));
                    stages(csv, prefix, (JsonNode) value.get("stages"));
                }
            } else {
                stages(csv, lead, (JsonNode) period.get("stages"));
            }
        }
        return csv.toString();
    }

    private static void stages(StringBuilder csv, List<String> prefix, JsonNode stages) {
        for (JsonNode stage : stages) {
            List<String> cells = new ArrayList<>(prefix);
            cells.add(stage.path("stage").asText());
            FIGURES.forEach(figure -> cells.add(number(stage.path(figure))));
            JsonNode velocity = stage.path("velocity");
            cells.add(number(velocity.path("n")));
            cells.add(number(velocity.path("medianDays")));
            cells.add(number(velocity.path("p90Days")));
            cells.add(number(velocity.path("meanDays")));
            conversion(cells, stage.path("conversionToNext"));
            conversion(cells, stage.path("conversionToLast"));
            row(csv, cells);
        }
    }

    private static void conversion(List<String> cells, JsonNode conversion) {
        cells.add(conversion.path("target").asText(""));
        cells.add(number(conversion.path("converted")));
        cells.add(number(conversion.path("cohort")));
        cells.add(conversion.isMissingNode() ? "" : conversion.path("complete").asText());
    }

    private static String number(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }

    private static void row(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            csv.append(i == 0 ? "" : ",").append(cell(cells.get(i)));
        }
        csv.append("\r\n");
    }

    private static String cell(String text) {
        String safe =
                !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !isNumber(text)
                        ? "'" + text
                        : text;
        if (safe.contains(",")
                || safe.contains("\"")
                || safe.contains("\n")
                || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
