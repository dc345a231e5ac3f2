package io.isthmus.app;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.cluster.QuartzCluster;
import io.isthmus.crm.ApiBudget;
import io.isthmus.crm.BuyerCrmRecords;
import io.isthmus.crm.SalesforceOutboxSink;
import io.isthmus.crm.SalesforceReadBack;
import io.isthmus.crm.SalesforceLeadMapper;
import io.isthmus.lifecycle.CrmOutcomes;
import io.isthmus.ops.CrmLoginHealthCheck;
import io.isthmus.ops.IdentityIndexHealthCheck;
import io.isthmus.ops.FunnelReporter;
import io.isthmus.crm.SinkGuard;
import io.isthmus.ops.DeadLetterAdmin;
import io.isthmus.ops.DeadLetters;
import io.isthmus.ops.IsthmusMetrics;
import io.isthmus.ops.MergeAdmin;
import io.isthmus.ops.MergeReview;
import io.isthmus.ops.SourceMetrics;
import io.isthmus.ops.StatusPage;
import io.isthmus.ops.StatusQueries;
import io.isthmus.ops.StoreHealthCheck;
import io.isthmus.lifecycle.LifecycleCrmFields;
import io.isthmus.lifecycle.SlaClock;
import io.isthmus.lifecycle.StageMachine;
import io.isthmus.pipeline.BuyerEvaluator;
import io.isthmus.pipeline.BuyerUnmerges;
import io.isthmus.pipeline.LeadPublisher;
import io.isthmus.identity.AccountMatcher;
import io.isthmus.pipeline.AccountAssigner;
import io.isthmus.pipeline.FuzzyResolver;
import io.isthmus.buyer.ContactNormalizer;
import io.isthmus.pipeline.PageApplier;
import io.isthmus.pipeline.LifecycleRefresher;
import io.isthmus.pipeline.TouchRecorder;
import io.isthmus.attribution.TouchFactory;
import io.isthmus.scoring.Scorer;
import io.isthmus.store.Database;
import io.isthmus.store.OrphanedClaims;
import io.isthmus.store.OutboxRepository;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Assembles the daemon: opens the store, creates the beans the routes call, configures the Salesforce component and
 * the health and metrics server, and hands the YAML routes to Camel Main. The beans hold the logic; this class only
 * wires.
 */
public final class Daemon implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Daemon.class);

    private final Main main;
    private final Database db;
    private final IsthmusMetrics metrics;
    private final FuzzyResolver fuzzy;

    private Daemon(Main main, Database db, IsthmusMetrics metrics, FuzzyResolver fuzzy) {
        this.main = main;
        this.db = db;
        this.metrics = metrics;
        this.fuzzy = fuzzy;
    }

    /** Builds the daemon; nothing runs until {@link #start()} or {@link #runUntilStopped()}. */
    public static Daemon create(IsthmusSettings s, Map<String, String> camelProperties, Clock clock) {
        return create(s, camelProperties, clock, new StartupSteps());
    }

    /** As {@link #create(IsthmusSettings, Map, Clock)}, timing each start-up step in {@code steps}. */
    public static Daemon create(IsthmusSettings s, Map<String, String> camelProperties, Clock clock,
                                StartupSteps steps) {
        // The independent start-up steps run at once: the store is opened and migrated while the buyer model and
        // the route files are checked, and the migration goes on while Camel builds the routes; no route starts
        // before it is done (afterConfigure below). A refused configuration is still reported with every problem.
        Future<Void> routesChecked = steps.fork("routes-check", () -> {
            checkRoutes(s);
            return null;
        });
        Future<BuyerModel> modelLoaded = steps.fork("model", () -> BuyerModel.load(s.modelDir()));
        Database db = steps.run("store-connect", () -> Database.connect(s.store()));
        Future<Void> migrated = steps.fork("store-migrate", () -> {
            db.migrate();
            return null;
        });
        BuyerModel model;
        try {
            model = checked(modelLoaded, routesChecked);
        } catch (RuntimeException e) {
            try {
                // Not closed under a running migration: it finishes (each script is one transaction) or fails.
                StartupSteps.joinAll(List.of(migrated));
            } catch (RuntimeException migration) {
                // The configuration's problems are what start-up reports; a failed migration rides along.
                e.addSuppressed(migration);
            } finally {
                db.close();
            }
            throw e;
        }
        steps.mark("wiring");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        IsthmusMetrics metrics = new IsthmusMetrics(registry, db, clock);
        OutboxRepository outbox = new OutboxRepository(db.isPostgres());
        BuyerEvaluator evaluator = evaluator(model, clock);
        LeadPublisher publisher = publisher(model, evaluator, outbox, db);
        FuzzyResolver fuzzy = new FuzzyResolver(model.matching(), s.store().identitySnapshotFile());
        PageApplier applier = new PageApplier(db, publisher, fuzzy, new ContactNormalizer(s.defaultRegion()), clock);
        OrphanedClaims orphans = new OrphanedClaims(db, clock, s.cluster().checkinInterval());

        Main main = new Main();
        String routes = "file:" + s.routesDir().toAbsolutePath();
        main.configure().withRoutesIncludePattern(routes + "/*.camel.yaml,classpath:templates/*.camel.yaml");
        List<String> excluded = excludedRouteFiles(s).stream().map(f -> routes + "/" + f).toList();
        if (!excluded.isEmpty()) {
            main.configure().withRoutesExcludePattern(String.join(",", excluded));
        }
        main.addInitialProperty("camel.main.name", "isthmus");
        main.addInitialProperty("camel.main.autoConfigurationLogSummary", "false");
        main.addInitialProperty("camel.management.enabled", "true");
        main.addInitialProperty("camel.management.host", s.http().host());
        main.addInitialProperty("camel.management.port", Integer.toString(s.http().port()));
        main.addInitialProperty("camel.management.healthCheckEnabled", "true");
        main.addInitialProperty("camel.management.metricsEnabled", "true");
        main.addInitialProperty("camel.metrics.enabled", "true");
        main.addInitialProperty("camel.health.exposureLevel", "oneline");
        // The admin endpoints (state-changing, token) and the read-only status page share their own server,
        // localhost by default, apart from health and metrics.
        main.addInitialProperty("camel.server.enabled", "true");
        main.addInitialProperty("camel.server.host", s.admin().host());
        main.addInitialProperty("camel.server.port", Integer.toString(s.admin().port()));
        // Retries are decided by isthmus (the sources' backoff, the error policy), not hidden in HttpClient, which
        // would otherwise repeat 429 and 503 answers on its own, unseen by the metrics and the circuit breaker.
        main.addInitialProperty("camel.component.http.automaticRetriesDisabled", "true");
        // Every source call is bounded: HttpClient waits forever for an answer by default, and one vendor that
        // stops answering would hold its poll (and the stateful Quartz job) until the process is restarted.
        IsthmusSettings.SourceLimits limits = s.sources().limits();
        String connect = Long.toString(limits.connectTimeout().toMillis());
        String response = Long.toString(limits.responseTimeout().toMillis());
        main.addInitialProperty("camel.component.http.connectTimeout", connect);
        main.addInitialProperty("camel.component.http.connectionRequestTimeout", connect);
        main.addInitialProperty("camel.component.http.responseTimeout", response);
        main.addInitialProperty("camel.component.http.soTimeout", response);
        // camel.routeId in the MDC of every line logged while a route runs (with buyerId where one is at work).
        main.addInitialProperty("camel.main.useMdcLogging", "true");
        camelProperties.forEach(main::addInitialProperty);
        routeProperties(s).forEach(main::addOverrideProperty);
        SourceBeans.routeProperties(s).forEach(main::addOverrideProperty);
        main.bind("metricsRegistry", registry);
        main.bind("isthmusMetrics", metrics);
        main.bind("deadLetterAdmin", new DeadLetterAdmin(new DeadLetters(db, outbox, clock),
                new io.isthmus.ops.OutboxReplay(db, outbox, clock), s.admin().token()));

        main.bind("mergeAdmin", new MergeAdmin(new MergeReview(db, publisher, new BuyerUnmerges(fuzzy), clock),
                s.admin().token()));
        main.bind("funnelReporter", new FunnelReporter(db, model, ZoneOffset.UTC, registry));
        main.bind("lifecycleRefresher", new LifecycleRefresher(db, publisher, clock));
        SourceBeans sources = new SourceBeans(s, db, applier, metrics, new SourceMetrics(registry), clock,
                new CamelSourceFetcher(main::getCamelContext));
        sources.beans.forEach(main::bind);
        SalesforceComponent salesforce = null;
        ApiBudget budget = null;
        if (s.salesforce().enabled()) {
            salesforce = salesforceComponent(s.salesforce());
            main.bind("salesforce", salesforce);
            budget = new ApiBudget(registry);
            SinkGuard guard = new SinkGuard(s.salesforce().sink(), budget, registry, clock,
                    () -> ThreadLocalRandom.current().nextDouble());
            main.bind("salesforceSink", new SalesforceOutboxSink(db, outbox, s.salesforce(), metrics, budget, guard,
                    clock, s.cluster().instanceId(), model.salesforceObjects()));
            main.bind("salesforceReadBack", new SalesforceReadBack(db, s.salesforce(),
                    new CrmOutcomes(model.lifecycle().leadStatus()), evaluator, publisher, model.salesforceMapping(), clock));
        }
        main.bind("statusPage", new StatusPage(new StatusQueries(db, budget, clock)));
        if (s.cluster().enabled()) {
            clustered(main, db, s.cluster(), orphans, fuzzy);
        }
        SalesforceComponent crm = salesforce;
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeInitialize(BaseMainSupport m) {
                steps.mark("camel-init");
            }

            /** Routes are loaded, nothing is started yet: the last point before any component or route touches the store. */
            @Override
            public void afterConfigure(BaseMainSupport m) {
                steps.run("store-migrated", () -> StartupSteps.join(migrated));
                // Polls wait for the index; readiness reports it loading until it is filled.
                fuzzy.loadInBackground(db);
                // Rows a killed earlier run had claimed go back now instead of after their lease. On H2 only this
                // process can have the store open, so every claim is left over; on PostgreSQL only this instance's.
                if (!db.isPostgres()) {
                    orphans.releaseLeftOver(null);
                } else if (s.cluster().enabled()) {
                    orphans.releaseLeftOver(s.cluster().instanceId());
                }
                m.getCamelContext().getManagementStrategy().addEventNotifier(sources.stopPollsWhenStopping());
                HealthCheckRegistry checks = HealthCheckRegistry.get(m.getCamelContext());
                checks.register(new StoreHealthCheck(db));
                checks.register(new IdentityIndexHealthCheck(fuzzy::isLoaded));
                sources.enabledChecks.forEach(checks::register);
                if (crm != null) {
                    checks.register(new CrmLoginHealthCheck(crm, clock));
                }
                steps.mark("camel-start");
                addStartupListener(m.getCamelContext(), new ExtendedStartupListener() {
                    @Override
                    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                        // Routes are started after this; the summary is logged once they are.
                    }

                    @Override
                    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                        steps.mark("camel-started");
                        LOG.info("started {} after the JVM (process cpu {}): {}",
                                StartupSteps.seconds(steps.sinceJvmStart()),
                                StartupSteps.seconds(StartupSteps.processCpuMillis()), steps.summary());
                    }
                });
            }
        });
        return new Daemon(main, db, metrics, fuzzy);
    }

    private static void addStartupListener(CamelContext context, ExtendedStartupListener listener) {
        try {
            context.addStartupListener(listener);
        } catch (Exception e) {
            throw org.apache.camel.RuntimeCamelException.wrapRuntimeCamelException(e);
        }
    }

    /** Scores and stages buyers from the buyer model; shared with the CLI verbs that change buyers. */
    static BuyerEvaluator evaluator(BuyerModel model, Clock clock) {
        return new BuyerEvaluator(new Scorer(model.scoring(), clock), new StageMachine(model.lifecycle()),
                new LifecycleCrmFields(model.lifecycle().crmFields(), new SlaClock(clock,
                model.lifecycle().slaAcceptance())), model.titles(), clock);
    }

    /**
     * Re-evaluates a changed buyer, gives it its account and queues its CRM write; shared with the CLI verbs that
     * change buyers.
     */
    static LeadPublisher publisher(BuyerModel model, BuyerEvaluator evaluator, OutboxRepository outbox, Database db) {
        return new LeadPublisher(evaluator, new TouchRecorder(new TouchFactory(model.attribution(), model.channels())),
                outbox, new SalesforceLeadMapper(model.salesforceMapping()),
                new BuyerCrmRecords(model.salesforceObjects(), model.attribution().attributor()))
                .withAccounts(new AccountAssigner(db, () -> AccountMatcher.of(model.matching())));
    }

    /** Starts Camel and returns; for the demo and tests. */
    public void start() throws Exception {
        main.start();
    }

    /** Runs until the JVM is asked to stop (SIGTERM, Ctrl-C). */
    public void runUntilStopped() throws Exception {
        main.run();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public Database database() {
        return db;
    }

    public IsthmusMetrics metrics() {
        return metrics;
    }

    /** Stops Camel, then (no page is being applied any more) saves the identity index snapshot, then the store. */
    @Override
    public void close() {
        try {
            main.stop();
            fuzzy.saveAtShutdown(db);
        } finally {
            db.close();
        }
    }

    /**
     * Route files Camel does not load (patterns under the routes directory): files are named by the subsystem they
     * serve, and a disabled subsystem's routes would only be built, held and scheduled to do nothing. They are still
     * checked ({@link #checkRoutes}), so enabling a subsystem cannot reveal a broken file.
     */
    static List<String> excludedRouteFiles(IsthmusSettings s) {
        List<String> excluded = new ArrayList<>();
        if (!s.hubspot().enabled()) {
            excluded.add("hubspot-*.camel.yaml");
        } else {
            if (!s.hubspot().activities().enabled()) {
                excluded.add("hubspot-activities*.camel.yaml");
            }
            if (!s.hubspot().emailEvents().enabled()) {
                excluded.add("hubspot-email-events*.camel.yaml");
            }
        }
        if (!s.salesforce().enabled()) {
            excluded.add("salesforce-*.camel.yaml");
        }
        IsthmusSettings.Sources sources = s.sources();
        if (!sources.marketo().enabled()) {
            excluded.addAll(List.of("marketo.camel.yaml", "marketo-*.camel.yaml"));
        }
        if (!sources.matomo().enabled()) {
            excluded.addAll(List.of("matomo.camel.yaml", "matomo-*.camel.yaml"));
        }
        if (!sources.mautic().enabled()) {
            excluded.addAll(List.of("mautic.camel.yaml", "mautic-*.camel.yaml"));
        }
        return excluded;
    }

    /**
     * The buyer model once both configuration checks are done; when either refuses, every problem of both (the
     * model's first), as {@code validate} lists them.
     */
    static BuyerModel checked(Future<BuyerModel> model, Future<Void> routes) {
        List<io.isthmus.app.config.ConfigProblem> problems = new ArrayList<>();
        RuntimeException failure = null;
        BuyerModel loaded = null;
        try {
            loaded = StartupSteps.join(model);
        } catch (io.isthmus.app.config.ConfigException e) {
            problems.addAll(e.problems());
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            StartupSteps.join(routes);
        } catch (io.isthmus.app.config.ConfigException e) {
            problems.addAll(e.problems());
        } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
        }
        if (!problems.isEmpty()) {
            throw new io.isthmus.app.config.ConfigException(problems);
        }
        if (failure != null) {
            throw failure;
        }
        return loaded;
    }

    /** Refuses to start on route files with problems, listing all of them. */
    static void checkRoutes(IsthmusSettings s) {
        java.util.Set<String> keys = new java.util.HashSet<>(routeProperties(s).keySet());
        io.isthmus.app.settings.SettingsCatalog.ALL.forEach(o -> keys.add(o.key()));
        java.util.List<io.isthmus.app.config.ConfigProblem> problems = RouteFiles.check(s.routesDir(), keys);
        if (!problems.isEmpty()) {
            throw new io.isthmus.app.config.ConfigException(problems);
        }
    }

    /** The non-secret values routes refer to as {{isthmus.…}}; secrets stay in the beans. */
    static Map<String, String> routeProperties(IsthmusSettings s) {
        return Map.of(
                "isthmus.hubspot.baseUrl", stripSlash(s.hubspot().baseUrl().toString()),
                "isthmus.hubspot.cron", s.hubspot().cron(),
                "isthmus.salesforce.readbackCron", s.salesforce().readbackCron(),
                "isthmus.lifecycle.refreshCron", s.lifecycleRefreshCron(),
                "isthmus.salesforce.sinkIntervalMillis", Long.toString(s.salesforce().sinkInterval().toMillis()));
    }

    private static SalesforceComponent salesforceComponent(IsthmusSettings.Salesforce s) {
        SalesforceComponent c = new SalesforceComponent();
        c.setLoginUrl(stripSlash(s.loginUrl().toString()));
        SalesforceAuth.configure(c, s);
        org.apache.camel.component.salesforce.SalesforceEndpointConfig config = new org.apache.camel.component.salesforce.SalesforceEndpointConfig();
        config.setApiVersion(s.apiVersion());
        c.setConfig(config);
        c.setHttpRequestTimeout(s.sink().requestTimeout().toMillis());
        // Bulk API result files hold every record of a job; the client's 4 MB default is too small for them.
        c.setHttpMaxContentLength(256 * 1024 * 1024);
        // Log in on first use: a CRM outage at start must not keep the sources from polling; readiness shows it.
        c.setLazyLogin(true);
        // Writes go through the raw operation with JSON built here; no generated sObject classes are needed.
        c.setPackages("io.isthmus.crm");
        return c;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * Several instances on one PostgreSQL store: Quartz's clustered job store for the schedules, and a timer that
     * hands the outbox claims of an instance that stopped checking in to the others.
     */
    private static void clustered(Main main, Database db, IsthmusSettings.Cluster cluster, OrphanedClaims orphans,
                                  FuzzyResolver fuzzy) {
        main.bind("quartz", QuartzCluster.component(db, cluster));
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:isthmus-orphaned-claims?synchronous=true&period="
                        + cluster.checkinInterval().toMillis()).routeId("cluster-orphaned-claims")
                        .bean(orphans, "release");
                // The other instances' new and changed buyers reach this instance's identity index.
                from("timer:isthmus-identity-catch-up?synchronous=true&delay=" + cluster.indexCatchUp().toMillis()
                        + "&period=" + cluster.indexCatchUp().toMillis()).routeId("cluster-identity-catch-up")
                        .process(e -> fuzzy.catchUpWithStore(db));
            }
        });
    }
}
