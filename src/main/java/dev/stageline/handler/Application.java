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
import dev.stageline.store.ActivityIndex;
import dev.stageline.model.ModelRevision;
import dev.stageline.replay.ReplayJob;
import dev.stageline.store.ActiveRevision;
import dev.stageline.secrets.SecretUnavailableException;
import dev.stageline.store.Dynamo;
import dev.stageline.store.EventStore;
import dev.stageline.store.LeadStore;
import dev.stageline.store.ReplayCheckpoints;
import dev.stageline.store.ReportStore;
import dev.stageline.store.StatePages;
import dev.stageline.store.TimerIndex;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The objects a Stageline process builds once and shares: the model, the DynamoDB client and the
 * services over them. Building one is expensive (it loads the model and creates an HTTP client), so
 * a Lambda container builds it on its first request and keeps it.
 */
public final class Application {

    private static volatile Application fromEnvironment;

    private final Settings settings;
    private final LifecycleModel model;
    private final String revision;
    private final DynamoDbClient dynamo;
    private final Clock clock;
    private final EventStore events;
    private final LeadStore leads;
    private final Engine engine;
    private final SourceCatalog sources;
    private final ReportStore reports;
    private final ActiveRevision activeRevision;
    private volatile boolean revisionClaimed;
    private final TimerIndex timers;

    public Application(Settings settings, DynamoDbClient dynamo, Clock clock) {
        this.settings = settings;
        String modelText = ConfigText.read(settings.model());
        this.model = ModelLoader.parse(settings.model(), modelText);
        this.revision = ModelRevision.of(model, modelText);
        this.sources = SourceCatalog.load(settings.sources());
        this.dynamo = dynamo;
        this.clock = clock;
        this.events = new EventStore(dynamo, settings.leadTable(), clock);
        this.leads = new LeadStore(dynamo, settings.leadTable(), revision);
        this.activeRevision = new ActiveRevision(dynamo, settings.leadTable());
        this.engine = new Engine(model);
        this.reports = new ReportStore(dynamo, settings.reportTable());
        this.timers = new TimerIndex(dynamo, settings.leadTable());
    }

    /**
     * Reads every source's secret and checks it, so that the webhook function fails at start-up,
     * not on every delivery, when a secret is set but unusable, a reference is malformed or a
     * secret store cannot be read. A secret that is merely absent passes: its source answers 503
     * until the operator sets it. Only the webhook function calls this; the other functions have
     * no access to the secrets.
     *
     * @throws IllegalStateException naming every problem
     */
    public void checkSources() {
        List<String> problems = new ArrayList<>();
        List<String> sourceProblems =
                sources.configurationProblems(
                        reference -> {
                            try {
                                return settings.secrets().apply(reference);
                            } catch (IllegalArgumentException | SecretUnavailableException e) {
                                problems.add(e.getMessage());
                                return Optional.empty();
                            }
                        });
        problems.addAll(sourceProblems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "webhook sources are not ready: " + String.join("; ", problems));
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

    /** The revision of the model this process runs: see {@link ModelRevision}. */
    public String revision() {
        return revision;
    }

    /** The lead states under this process's model revision, which the evaluator writes. */
    public LeadStore leads() {
        return leads;
    }

    /**
     * The lead states readers show: those of the active revision, or of this process's model
     * before any revision was claimed. Looks the active revision up (one read) on every call.
     */
    public LeadStore activeLeads() {
        return leads.forRevision(activeRevision.readOr(revision));
    }

    public ActiveRevision activeRevision() {
        return activeRevision;
    }

    /**
     * Makes this process's revision the active one if none is yet, as on a first deployment. One
     * conditional write per process; later calls do nothing.
     */
    public void claimRevisionIfNone() {
        if (!revisionClaimed) {
            activeRevision.claimIfNone(revision, clock.instant());
            revisionClaimed = true;
        }
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

    /** The aggregation over the active revision's histories, as it stands now. */
    public AggregationJob aggregation() {
        return new AggregationJob(model, activeLeads(), activity(), reports, clock);
    }

    /** Which leads were active on which day, kept in the report table. */
    public ActivityIndex activity() {
        return new ActivityIndex(dynamo, settings.reportTable());
    }

    /** The replay of every lead's history into this process's model revision. */
    public ReplayJob replay() {
        return new ReplayJob(
                evaluator(),
                leads,
                new StatePages(dynamo, settings.leadTable()),
                activeRevision,
                new ReplayCheckpoints(dynamo, settings.leadTable()),
                () -> aggregation().recomputeAll(AggregateHandler.DEFAULT),
                clock);
    }

    public LeadEvaluator evaluator() {
        return new LeadEvaluator(model, engine, leads, activity(), timers, clock);
    }

    /** The scheduled re-evaluation of leads whose time rules have come due. */
    public TimerCheck timerCheck() {
        return new TimerCheck(timers, evaluator(), clock);
    }
}
