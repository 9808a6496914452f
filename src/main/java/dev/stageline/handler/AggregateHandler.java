package dev.stageline.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import dev.stageline.aggregate.AggregationJob;
import dev.stageline.evaluate.TimerCheck;
import dev.stageline.log.JsonLog;
import dev.stageline.report.Granularity;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduled run, nightly or on demand: first re-evaluates the leads whose time rules have come
 * due, so that their moves count, then runs the funnel aggregation. The input may name the
 * granularities, as in {@code {"granularities": ["month"]}}; by default day, week, month and
 * quarter.
 */
public final class AggregateHandler
        implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    static final List<Granularity> DEFAULT =
            List.of(Granularity.DAY, Granularity.WEEK, Granularity.MONTH, Granularity.QUARTER);
    private static final JsonLog LOG = JsonLog.named("aggregate");

    private final Application app;

    public AggregateHandler() {
        this(Application.fromEnvironment());
    }

    public AggregateHandler(Application app) {
        this.app = app;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        long started = System.nanoTime();
        List<Granularity> granularities = granularities(input == null ? Map.of() : input);
        TimerCheck.Summary timers = app.timerCheck().run();
        LOG.info(
                "timers checked",
                "from",
                timers.from().toString(),
                "through",
                timers.through().toString(),
                "leads",
                timers.leads(),
                "moved",
                timers.moved(),
                "failed",
                timers.failed());
        AggregationJob.Summary summary = app.aggregation().run(granularities);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("asOf", summary.asOf().toString());
        result.put("timers", timerFigures(timers));
        result.put("transitions", summary.transitions());
        result.put("periods", summary.periods());
        result.put("changedDays", summary.changedDays());
        LOG.info(
                "funnel aggregated",
                "transitions",
                summary.transitions(),
                "periods",
                summary.periods(),
                "ms",
                (System.nanoTime() - started) / 1_000_000);
        return result;
    }

    private static Map<String, Object> timerFigures(TimerCheck.Summary timers) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("from", timers.from().toString());
        figures.put("through", timers.through().toString());
        figures.put("leads", timers.leads());
        figures.put("moved", timers.moved());
        figures.put("failed", timers.failed());
        return figures;
    }

    /**
     * @throws IllegalArgumentException naming a granularity that does not exist
     */
    static List<Granularity> granularities(Map<String, Object> input) {
        Object asked = input.get("granularities");
        if (asked == null) {
            return DEFAULT;
        }
        if (!(asked instanceof List<?> names) || names.isEmpty()) {
            throw new IllegalArgumentException(
                    "granularities must be a non-empty list such as [\"month\"]");
        }
        Set<Granularity> granularities = new LinkedHashSet<>();
        for (Object name : names) {
            granularities.add(
                    Granularity.fromKeyword(String.valueOf(name))
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "unknown granularity '"
                                                            + name
                                                            + "'; use day, week, month or"
                                                            + " quarter")));
        }
        return List.copyOf(granularities);
    }
}
