package dev.stageline.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Renders a funnel report as a Markdown table: a row per period, a column per stage figure. */
final class ReportTable {

    private ReportTable() {}

    static String render(JsonNode report, List<String> stages, List<String> figures) {
        boolean broken = report.has("dimension");
        List<String> header = new ArrayList<>();
        header.add("period");
        if (broken) {
            header.add(report.path("dimension").asText());
        }
        for (String stage : stages) {
            for (String figure : figures) {
                header.add(stageName(report, stage) + " " + figure);
            }
        }
        StringBuilder table = new StringBuilder();
        row(table, header);
        row(table, header.stream().map(h -> "---").toList());
        for (JsonNode period : report.path("periods")) {
            String label =
                    period.path("label").asText()
                            + (period.path("partial").asBoolean() ? " (partial)" : "");
            if (!broken) {
                row(table, cells(label, period, period.path("stages"), stages, figures));
                continue;
            }
            for (JsonNode value : period.path("values")) {
                List<String> cells = cells(label, period, value.path("stages"), stages, figures);
                cells.add(1, value.path("value").asText());
                row(table, cells);
            }
        }
        return table.toString();
    }

    private static List<String> cells(
            String label,
            JsonNode period,
            JsonNode periodStages,
            List<String> stages,
            List<String> figures) {
        List<String> cells = new ArrayList<>();
        cells.add(label);
        for (String stage : stages) {
            JsonNode figuresOfStage = stageFigures(periodStages, stage);
            for (String figure : figures) {
                cells.add(
                        period.path("computed").asBoolean()
                                ? cell(figuresOfStage.path(figure))
                                : "not computed");
            }
        }
        return cells;
    }

    private static String cell(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isObject() && value.has("converted")) {
            return value.path("converted").asText() + " of " + value.path("cohort").asText();
        }
        if (value.isObject() && value.has("n")) {
            return value.has("medianDays")
                    ? value.path("medianDays").asText() + " d (n=" + value.path("n").asText() + ")"
                    : "n=0";
        }
        return value.asText();
    }

    private static JsonNode stageFigures(JsonNode stages, String stage) {
        for (JsonNode figures : stages) {
            if (figures.path("stage").asText().equals(stage)) {
                return figures;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String stageName(JsonNode report, String stage) {
        for (JsonNode s : report.path("stages")) {
            if (s.path("id").asText().equals(stage)) {
                return s.path("name").asText();
            }
        }
        return stage;
    }

    private static void row(StringBuilder table, List<String> cells) {
        table.append("| ")
                .append(String.join(" | ", cells.stream().map(ReportTable::safe).toList()))
                .append(" |\n");
    }

    /** A cell that cannot break the table or reach the terminal as a control sequence. */
    private static String safe(String cell) {
        return cell.replaceAll("\\p{Cntrl}", " ").replace("|", "\\|");
    }
}
