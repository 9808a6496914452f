package dev.stageline.handler;

import dev.stageline.aggregate.AggregationJob;
import dev.stageline.engine.Engine;
import dev.stageline.evaluate.LeadEvaluator;
import dev.stageline.evaluate.TimerCheck;
import dev.stageline.ingest.ConfigText;
import dev.stageline.ingest.SourceCatalog;
import dev.stageline.ingest.WebhookIngestion;
import dev.stageline.model.LifecycleModel;
import dev.stageline.model.ModelLoader;
import dev.stageline.store.Dynamo;
import dev.stageline.store.EventStore;
import dev.stageline.store.LeadStore;
import dev.stageline.store.ReportStore;
import dev.stageline.store.TimerIndex;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.List;

/**
 * The objects a Stageline process builds once and shares: the model, the DynamoDB client and the
 * services over them. Building one is expensive (it loads the model and creates an HTTP client), so
 * a Lambda container builds it on its first request and keeps it.
 */
public final class Application {

    private static volatile Application fromEnvironment;

    private final Settings settings;
    private final LifecycleModel model;
    private final DynamoDbClient dynamo;
    private final Clock clock;
    private final EventStore events;
    private final LeadStore leads;
    private final Engine engine;
    private final SourceCatalog sources;
    private final ReportStore reports;
    private final TimerIndex timers;

    public Application(Settings settings, DynamoDbClient dynamo, Clock clock) {
        this.settings = settings;
        this.model = ModelLoader.parse(settings.model(), ConfigText.read(settings.model()));
        this.sources = SourceCatalog.load(settings.sources());
        checkSecrets(sources, settings);
        this.dynamo = dynamo;
        this.clock = clock;
        this.events = new EventStore(dynamo, settings.leadTable(), clock);
        this.leads = new LeadStore(dynamo, settings.leadTable());
        this.engine = new Engine(model);
        this.reports = new ReportStore(dynamo, settings.reportTable());
        this.timers = new TimerIndex(dynamo, settings.leadTable());
    }

    /** A secret that is set but unusable stops start-up, rather than failing every delivery. */
    private static void checkSecrets(SourceCatalog sources, Settings settings) {
        List<String> problems = sources.configurationProblems(settings.secrets());
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }

    /** The container-wide instance, configured by environment variables. */
    public static Application fromEnvironment() {
        Application app = fromEnvironment;
        if (app == null) {
            synchronized (Application.class) {
                if (fromEnvironment == null) {
                    Settings settings = Settings.fromEnvironment(System.getenv());
                    fromEnvironment =
                            new Application(
                                    settings,
                                    Dynamo.client(settings.endpoint()),
                                    Clock.systemUTC());
                }
                app = fromEnvironment;
            }
        }
        return app;
    }

    public Settings settings() {
        return settings;
    }

    public LifecycleModel model() {
        return model;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public Clock clock() {
        return clock;
    }

    public Engine engine() {
        return engine;
    }

    public LeadStore leads() {
        return leads;
    }

    public WebhookIngestion ingestion() {
        return new WebhookIngestion(sources, settings.secrets(), model, events, clock);
    }

    public EventStore events() {
        return events;
    }

    public ReportStore reports() {
        return reports;
    }

    public AggregationJob aggregation() {
        return new AggregationJob(model, leads, reports, clock);
    }

    public LeadEvaluator evaluator() {
        return new LeadEvaluator(engine, leads, timers, clock);
    }

    /** The scheduled re-evaluation of leads whose time rules have come due. */
    public TimerCheck timerCheck() {
        return new TimerCheck(timers, evaluator(), clock);
    }
}
