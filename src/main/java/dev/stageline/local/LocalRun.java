package dev.stageline.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.stageline.handler.AggregateHandler;
import dev.stageline.handler.Application;
import dev.stageline.handler.EvaluateHandler;
import dev.stageline.handler.LeadHandler;
import dev.stageline.handler.ReportHandler;
import dev.stageline.handler.Settings;
import dev.stageline.handler.WebhookHandler;
import dev.stageline.log.JsonLog;
import dev.stageline.secrets.SecretStore;
import dev.stageline.store.Dynamo;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The whole of Stageline on one machine without AWS: DynamoDB from moto (or whatever {@code
 * AWS_ENDPOINT_URL} names), tables created from {@code template.yaml}, the HTTP API on the loopback
 * interface, and the table's stream delivered to the evaluator as Lambda would. Writes {@code
 * stack.json} in its work folder ({@code .local} by default) so that other commands ({@code
 * import}, {@code aggregate}) find the running stack.
 */
public final class LocalRun implements AutoCloseable {

    /**
     * The public test secret of the Standard Webhooks specification: fine locally, never deployed.
     */
    public static final String DEV_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /**
     * The client secret of HubSpot's documented signature examples: fine locally, never deployed.
     */
    public static final String DEV_HUBSPOT_SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";

    /** A made-up Typeform webhook secret: fine locally, never deployed. */
    public static final String DEV_TYPEFORM_SECRET = "stageline-local-typeform-secret";

    /** What a local run uses for a secret that the environment does not set. */
    public static final String STATE_FILE = "stack.json";

    private static final JsonLog LOG = JsonLog.named("local");
    private static final long POLL_MILLIS = 250;

    /** The deployed schedule's time of day: cron(15 0 * * ? *) in the model's zone. */
    static final LocalTime NIGHTLY = LocalTime.of(0, 15);

    private final Optional<MotoServer> moto;
    private final Application app;
    private final LocalApi api;
    private final StreamPump pump;
    private final ScheduledExecutorService poller;
    private final Path stateFile;

    private LocalRun(
            Optional<MotoServer> moto,
            Application app,
            LocalApi api,
            StreamPump pump,
            ScheduledExecutorService poller,
            Path stateFile) {
        this.stateFile = stateFile;
        this.moto = moto;
        this.app = app;
        this.api = api;
        this.pump = pump;
        this.poller = poller;
    }

    /**
     * What to run.
     *
     * @param endpoint a DynamoDB endpoint to use; when empty, a moto server is started
     * @param tablePrefix names the tables {@code <prefix>-leads} and {@code <prefix>-reports}
     * @param aggregateEvery how often to aggregate besides nightly; empty for nightly only
     */
    public record Options(
            String model,
            String sources,
            Path template,
            int port,
            Path workDir,
            Optional<URI> endpoint,
            String tablePrefix,
            Optional<Duration> aggregateEvery) {

        public String leadTable() {
            return tablePrefix + "-leads";
        }

        public String reportTable() {
            return tablePrefix + "-reports";
        }
    }

    public static LocalRun start(Options options) throws IOException {
        return start(options, Clock.systemUTC());
    }

    /**
     * Starts a run whose services read time from {@code clock}; tests move it to see time rules
     * fire. The nightly schedule still follows the wall clock.
     */
    public static LocalRun start(Options options, Clock clock) throws IOException {
        Optional<MotoServer> moto =
                options.endpoint().isPresent()
                        ? Optional.empty()
                        : Optional.of(MotoServer.start(options.workDir().resolve("moto.log")));
        URI endpoint = moto.map(MotoServer::endpoint).or(options::endpoint).orElseThrow();
        try {
            DynamoDbClient dynamo = Dynamo.client(Optional.of(endpoint));
            TemplateTables tables = TemplateTables.read(options.template());
            tables.create(dynamo, "LeadTable", options.leadTable());
            tables.create(dynamo, "ReportTable", options.reportTable());

            Settings settings =
                    new Settings(
                            options.leadTable(),
                            options.reportTable(),
                            options.model(),
                            options.sources(),
                            Optional.of(endpoint),
                            secrets(endpoint));
            Application app = new Application(settings, dynamo, clock);
            String streamArn =
                    dynamo.describeTable(b -> b.tableName(options.leadTable()))
                            .table()
                            .latestStreamArn();
            DynamoDbStreamsClient streams = Dynamo.streamsClient(Optional.of(endpoint));
            StreamPump pump = new StreamPump(streams, streamArn, new EvaluateHandler(app));

            LocalApi api =
                    LocalApi.bind(options.port())
                            .route("POST", "/webhooks/{source}", new WebhookHandler(app))
                            .route("GET", "/webhooks/{source}", new WebhookHandler(app))
                            .route("GET", "/leads/{leadKey}", new LeadHandler(app))
                            .route("GET", "/reports/funnel", new ReportHandler(app))
                            .route(
                                    "POST",
                                    "/admin/aggregate",
                                    AdminRoutes.aggregate(new AggregateHandler(app)))
                            .route("POST", "/admin/drain", AdminRoutes.drain(pump))
                            .start();

            ScheduledExecutorService poller =
                    Executors.newSingleThreadScheduledExecutor(
                            runnable -> {
                                Thread thread = new Thread(runnable, "stream-pump");
                                thread.setDaemon(true);
                                return thread;
                            });
            poller.scheduleWithFixedDelay(
                    () -> pollQuietly(pump), 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
            AggregateHandler aggregate = new AggregateHandler(app);
            scheduleNightly(poller, aggregate, app.model().timeZone(), Clock.systemUTC());
            options.aggregateEvery()
                    .ifPresent(
                            every ->
                                    poller.scheduleWithFixedDelay(
                                            () -> aggregateQuietly(aggregate),
                                            every.toMillis(),
                                            every.toMillis(),
                                            TimeUnit.MILLISECONDS));
            LocalRun run =
                    new LocalRun(
                            moto, app, api, pump, poller, options.workDir().resolve(STATE_FILE));
            run.writeState(endpoint);
            return run;
        } catch (RuntimeException | IOException e) {
            moto.ifPresent(MotoServer::close);
            throw e;
        }
    }

    /**
     * Local stand-ins for the shipped sources' secrets, used when their environment variables are
     * unset: public values, fine on the loopback interface and never deployed.
     */
    public static final Map<String, String> DEV_SECRETS =
            Map.of(
                    "STAGELINE_SECRET_WEB", DEV_SECRET,
                    "STAGELINE_SECRET_FORM", "stageline-local-form-token",
                    "STAGELINE_SECRET_UNBOUNCE", "stageline-local-unbounce-token",
                    "STAGELINE_SECRET_WEBFLOW", "stageline-local-webflow-secret",
                    "STAGELINE_SECRET_HUBSPOT", DEV_HUBSPOT_SECRET,
                    "STAGELINE_SECRET_TYPEFORM", DEV_TYPEFORM_SECRET,
                    "STAGELINE_SECRET_SALESFORCE", "sf-sample-secret-2f9c41d7",
                    "STAGELINE_SECRET_MARKETO", "mkto-sample-secret-8e20b6a5");

    /**
     * Secrets by reference, as deployed: environment variables (falling back to {@link
     * #DEV_SECRETS}), files, and SSM parameters and Secrets Manager secrets on the local endpoint
     * (moto), never on AWS.
     */
    public static SecretStore secrets(URI endpoint) {
        return SecretStore.create(LocalRun::secret, Optional.of(endpoint), Clock.systemUTC());
    }

    /** An environment variable, or its local stand-in from {@link #DEV_SECRETS}. */
    static Optional<String> secret(String name) {
        return Optional.ofNullable(System.getenv(name))
                .filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(DEV_SECRETS.get(name)));
    }

    /** As the deployed schedule does: at {@link #NIGHTLY} in the model's time zone, every day. */
    private static void scheduleNightly(
            ScheduledExecutorService executor,
            AggregateHandler aggregate,
            ZoneId zone,
            Clock clock) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        ZonedDateTime next = now.toLocalDate().atTime(NIGHTLY).atZone(zone);
        if (!next.isAfter(now)) {
            next = now.toLocalDate().plusDays(1).atTime(NIGHTLY).atZone(zone);
        }
        long delay = Duration.between(now, next).toMillis();
        executor.schedule(
                () -> {
                    aggregateQuietly(aggregate);
                    scheduleNightly(executor, aggregate, zone, clock);
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    private static void aggregateQuietly(AggregateHandler aggregate) {
        try {
            aggregate.handleRequest(Map.of(), null);
        } catch (RuntimeException e) {
            LOG.warn(
                    "scheduled aggregation failed",
                    "exception",
                    e.getClass().getName(),
                    "reason",
                    String.valueOf(e.getMessage()));
        }
    }

    private static void pollQuietly(StreamPump pump) {
        try {
            pump.pollOnce();
        } catch (RuntimeException e) {
            LOG.warn(
                    "stream poll failed",
                    "exception",
                    e.getClass().getName(),
                    "reason",
                    String.valueOf(e.getMessage()));
        }
    }

    public URI apiUri() {
        return api.baseUri();
    }

    public Application app() {
        return app;
    }

    public StreamPump pump() {
        return pump;
    }

    private void writeState(URI endpoint) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("api", apiUri().toString());
        state.put("endpoint", endpoint.toString());
        state.put("leadTable", app.settings().leadTable());
        state.put("reportTable", app.settings().reportTable());
        state.put("model", app.settings().model());
        state.put("sources", app.settings().sources());
        try {
            Files.createDirectories(stateFile.toAbsolutePath().getParent());
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(stateFile.toFile(), state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateFile, e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        api.close();
        moto.ifPresent(MotoServer::close);
        try {
            Files.deleteIfExists(stateFile);
        } catch (IOException e) {
            LOG.warn("cannot remove the stack file", "file", stateFile.toString());
        }
    }
}
