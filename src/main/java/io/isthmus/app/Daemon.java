package io.isthmus.app;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.cluster.QuartzCluster;
import io.isthmus.crm.ApiBudget;
import io.isthmus.crm.SalesforceOutboxSink;
import io.isthmus.crm.SalesforceReadBack;
import io.isthmus.lifecycle.CrmOutcomes;
import io.isthmus.ops.CrmLoginHealthCheck;
import io.isthmus.ops.FunnelReporter;
import io.isthmus.ops.IsthmusMetrics;
import io.isthmus.ops.StoreHealthCheck;
import io.isthmus.lifecycle.LifecycleCrmFields;
import io.isthmus.lifecycle.SlaClock;
import io.isthmus.lifecycle.StageMachine;
import io.isthmus.pipeline.BuyerEvaluator;
import io.isthmus.pipeline.LeadPublisher;
import io.isthmus.pipeline.PageApplier;
import io.isthmus.pipeline.TouchRecorder;
import io.isthmus.attribution.TouchFactory;
import io.isthmus.scoring.Scorer;
import io.isthmus.source.hubspot.HubSpotContactsPoller;
import io.isthmus.store.Database;
import io.isthmus.store.OrphanedClaims;
import io.isthmus.store.OutboxRepository;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.camel.CamelContext;
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

    private final Main main;
    private final Database db;
    private final IsthmusMetrics metrics;

    private Daemon(Main main, Database db, IsthmusMetrics metrics) {
        this.main = main;
        this.db = db;
        this.metrics = metrics;
    }

    /** Builds the daemon; nothing runs until {@link #start()} or {@link #runUntilStopped()}. */
    public static Daemon create(IsthmusSettings s, Map<String, String> camelProperties, Clock clock) {
        BuyerModel model = BuyerModel.load(s.modelDir());
        Database db = Database.open(s.store());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        IsthmusMetrics metrics = new IsthmusMetrics(registry, db, clock);
        OutboxRepository outbox = new OutboxRepository(db.isPostgres());
        BuyerEvaluator evaluator = new BuyerEvaluator(new Scorer(model.scoring(), clock),
                new StageMachine(model.lifecycle()), new LifecycleCrmFields(model.lifecycle().crmFields(),
                new SlaClock(clock, model.lifecycle().slaAcceptance())), clock);
        LeadPublisher publisher = new LeadPublisher(evaluator,
                new TouchRecorder(new TouchFactory(model.attribution(), model.channels())), outbox);
        PageApplier applier = new PageApplier(db, publisher, clock);
        // Rows a killed earlier run had claimed go back now instead of after their lease. On H2 only this process can
        // have the store open, so every claim is left over; on PostgreSQL only this instance's own are.
        OrphanedClaims orphans = new OrphanedClaims(db, clock, s.cluster().checkinInterval());
        if (!db.isPostgres()) {
            orphans.releaseLeftOver(null);
        } else if (s.cluster().enabled()) {
            orphans.releaseLeftOver(s.cluster().instanceId());
        }

        Main main = new Main();
        main.configure().withRoutesIncludePattern("file:" + s.routesDir().toAbsolutePath() + "/*.camel.yaml");
        main.addInitialProperty("camel.main.name", "isthmus");
        main.addInitialProperty("camel.main.autoConfigurationLogSummary", "false");
        main.addInitialProperty("camel.management.enabled", "true");
        main.addInitialProperty("camel.management.host", s.http().host());
        main.addInitialProperty("camel.management.port", Integer.toString(s.http().port()));
        main.addInitialProperty("camel.management.healthCheckEnabled", "true");
        main.addInitialProperty("camel.management.metricsEnabled", "true");
        main.addInitialProperty("camel.metrics.enabled", "true");
        main.addInitialProperty("camel.health.exposureLevel", "oneline");
        camelProperties.forEach(main::addInitialProperty);
        routeProperties(s).forEach(main::addOverrideProperty);
        main.bind("metricsRegistry", registry);
        main.bind("isthmusMetrics", metrics);

        main.bind("funnelReporter", new FunnelReporter(db, model, ZoneOffset.UTC, registry));
        if (s.hubspot().enabled()) {
            main.bind("hubspotContacts",
                    new HubSpotContactsPoller("hubspot-contacts", s.hubspot(), db, applier, metrics, clock));
        }
        SalesforceComponent salesforce = null;
        if (s.salesforce().enabled()) {
            salesforce = salesforceComponent(s.salesforce());
            main.bind("salesforce", salesforce);
            ApiBudget budget = new ApiBudget(registry);
            main.bind("salesforceSink", new SalesforceOutboxSink(db, outbox, s.salesforce(), metrics, budget, clock,
                    s.cluster().instanceId()));
            main.bind("salesforceReadBack", new SalesforceReadBack(db, s.salesforce(),
                    new CrmOutcomes(model.lifecycle().leadStatus()), evaluator, publisher, clock));
        }
        if (s.cluster().enabled()) {
            clustered(main, db, s.cluster(), orphans);
        }
        SalesforceComponent crm = salesforce;
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                HealthCheckRegistry checks = HealthCheckRegistry.get(m.getCamelContext());
                checks.register(new StoreHealthCheck(db));
                if (crm != null) {
                    checks.register(new CrmLoginHealthCheck(crm, clock));
                }
            }
        });
        return new Daemon(main, db, metrics);
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

    @Override
    public void close() {
        try {
            main.stop();
        } finally {
            db.close();
        }
    }

    /** The non-secret values routes refer to as {{isthmus.…}}; secrets stay in the beans. */
    static Map<String, String> routeProperties(IsthmusSettings s) {
        return Map.of(
                "isthmus.hubspot.baseUrl", stripSlash(s.hubspot().baseUrl().toString()),
                "isthmus.hubspot.cron", s.hubspot().cron(),
                "isthmus.salesforce.readbackCron", s.salesforce().readbackCron(),
                "isthmus.salesforce.sinkIntervalMillis", Long.toString(s.salesforce().sinkInterval().toMillis()),
                "isthmus.salesforce.upsertPath", "/services/data/v" + s.salesforce().apiVersion()
                        + "/composite/sobjects/Lead/" + s.salesforce().externalIdField());
    }

    private static SalesforceComponent salesforceComponent(IsthmusSettings.Salesforce s) {
        SalesforceComponent c = new SalesforceComponent();
        c.setLoginUrl(stripSlash(s.loginUrl().toString()));
        c.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
        c.setClientId(s.clientId().reveal());
        c.setClientSecret(s.clientSecret().reveal());
        c.setUserName(s.username());
        c.setPassword(s.password().reveal());
        org.apache.camel.component.salesforce.SalesforceEndpointConfig config = new org.apache.camel.component.salesforce.SalesforceEndpointConfig();
        config.setApiVersion(s.apiVersion());
        c.setConfig(config);
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
    private static void clustered(Main main, Database db, IsthmusSettings.Cluster cluster, OrphanedClaims orphans) {
        main.bind("quartz", QuartzCluster.component(db, cluster));
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:isthmus-orphaned-claims?synchronous=true&period="
                        + cluster.checkinInterval().toMillis()).routeId("cluster-orphaned-claims")
                        .bean(orphans, "release");
            }
        });
    }
}
