package dev.stageline.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import dev.stageline.log.JsonLog;
import dev.stageline.replay.ReplayJob;
import dev.stageline.store.ReplayCheckpoint;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Replays every lead into the deployed model's revision, invoked by hand after a deployment that
 * changed the model. Lambda stops a function after 15 minutes, so this one starts no new page once
 * less than {@link #RESERVE_MILLIS} remain and answers {@code "status": "resume"}: invoke it again
 * until it answers {@code "done"}. The replay's checkpoint makes each invocation carry on from the
 * last finished page. The input may set the page size, as in {@code {"pageSize": 100}}.
 */
public final class ReplayHandler
        implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1_000;

    /** Time kept back for the page under way and the last checkpoint save. */
    static final long RESERVE_MILLIS = 60_000;

    private static final JsonLog LOG = JsonLog.named("replay");

    private final Application app;

    public ReplayHandler() {
        this(Application.fromEnvironment());
    }

    public ReplayHandler(Application app) {
        this.app = app;
    }

    /**
     * @throws IllegalArgumentException when the page size is not a whole number from 1 to {@link
     *     #MAX_PAGE_SIZE}
     */
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        long started = System.nanoTime();
        int pageSize = pageSize(input == null ? Map.of() : input);
        BooleanSupplier timeLeft =
                () -> context == null || context.getRemainingTimeInMillis() > RESERVE_MILLIS;

        ReplayJob.Outcome outcome = app.replay().run(pageSize, timeLeft, page -> {});

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", outcome.status().name().toLowerCase(Locale.ROOT));
        result.put("target", outcome.target());
        outcome.checkpoint().ifPresent(c -> result.putAll(progress(c)));
        result.put("note", outcome.note());
        LOG.info(
                "replay ran",
                "status",
                result.get("status"),
                "target",
                outcome.target(),
                "leads",
                outcome.checkpoint().map(ReplayCheckpoint::leads).orElse(0L),
                "ms",
                (System.nanoTime() - started) / 1_000_000);
        return result;
    }

    static Map<String, Object> progress(ReplayCheckpoint checkpoint) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("source", checkpoint.source());
        progress.put("phase", checkpoint.phase().name().toLowerCase(Locale.ROOT));
        progress.put("pages", checkpoint.pages());
        progress.put("leads", checkpoint.leads());
        progress.put("changed", checkpoint.changed());
        progress.put("transitionsBefore", checkpoint.before());
        progress.put("transitionsAfter", checkpoint.after());
        return progress;
    }

    static int pageSize(Map<String, Object> input) {
        Object asked = input.get("pageSize");
        if (asked == null) {
            return DEFAULT_PAGE_SIZE;
        }
        if (!(asked instanceof Integer size) || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(
                    "pageSize must be a whole number from 1 to "
                            + MAX_PAGE_SIZE
                            + ", got "
                            + asked);
        }
        return size;
    }
}
