package dev.stageline.aggregate;

import dev.stageline.report.Conversion;
import dev.stageline.report.StageFigures;
import dev.stageline.report.Velocity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON shape of a period's figures, shared by what the aggregation stores and what the report
 * API serves. Durations are given both as ISO-8601 and in days, for spreadsheets.
 */
public final class ReportJson {

    private ReportJson() {}

    public static List<Map<String, Object>> stages(List<StageFigures> stages) {
        return stages.stream().map(ReportJson::stage).toList();
    }

    private static Map<String, Object> stage(StageFigures figures) {
        Map<String, Object> stage = new LinkedHashMap<>();
        stage.put("stage", figures.stage());
        stage.put("entered", figures.entered());
        stage.put("enteredLeads", figures.enteredLeads());
        stage.put("exited", figures.exited());
        stage.put("advanced", figures.advanced());
        stage.put("balance", figures.balance());
        stage.put("velocity", velocity(figures.velocity()));
        figures.slaBreaches().ifPresent(n -> stage.put("slaBreaches", n));
        figures.slaPastDue().ifPresent(n -> stage.put("slaPastDue", n));
        figures.toNext().ifPresent(c -> stage.put("conversionToNext", conversion(c)));
        figures.toLast().ifPresent(c -> stage.put("conversionToLast", conversion(c)));
        return stage;
    }

    private static Map<String, Object> velocity(Velocity velocity) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("n", velocity.n());
        put(body, "median", velocity.median());
        put(body, "p90", velocity.p90());
        put(body, "mean", velocity.mean());
        return body;
    }

    private static void put(Map<String, Object> body, String name, Optional<Duration> duration) {
        duration.ifPresent(
                d -> {
                    body.put(name, d.toString());
                    body.put(
                            name + "Days",
                            BigDecimal.valueOf(d.toSeconds())
                                    .divide(BigDecimal.valueOf(86_400), 2, RoundingMode.HALF_UP));
                });
    }

    private static Map<String, Object> conversion(Conversion conversion) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", conversion.target());
        body.put("converted", conversion.converted());
        body.put("cohort", conversion.cohort());
        body.put("complete", conversion.complete());
        return body;
    }
}
