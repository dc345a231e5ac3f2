package io.isthmus.app.settings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every IT setting isthmus reads from {@code config/application.properties}, declared once with its meaning and
 * default. docs/CONFIGURATION.md is checked against this list by a test.
 */
public final class SettingsCatalog {

    private SettingsCatalog() {
    }

    // Where things are
    public static final Option<Path> ROUTES_DIR = new Option<>("isthmus.routes.dir",
            "Directory of the Camel YAML routes (*.camel.yaml) that marketing ops edit.", "routes", false,
            Parsers.path());

    public static final Option<Path> MODEL_DIR = new Option<>("isthmus.model.dir",
            "Directory of the buyer-model YAML files marketing ops edit (scoring.yaml, lifecycle.yaml, channels.yaml, "
                    + "attribution.yaml); a file that is absent falls back to the built-in default.", "config", false,
            Parsers.path());

    // Store
    public static final Option<String> STORE_URL = new Option<>("isthmus.store.url",
            "JDBC URL of the store: jdbc:h2:file:<path> (embedded, one instance) or jdbc:postgresql://host/db.",
            "jdbc:h2:file:./data/isthmus", false, Parsers.jdbcUrl());
    public static final Option<String> STORE_USER = new Option<>("isthmus.store.user",
            "Database user of the store.", "sa", false, Parsers.text());
    public static final Option<Secret> STORE_PASSWORD = new Option<>("isthmus.store.password",
            "Database password of the store (secret: ${env:NAME} or ${file:PATH}).", "", true, Parsers.secret());
    public static final Option<Integer> STORE_POOL_SIZE = new Option<>("isthmus.store.poolSize",
            "Largest number of open database connections.", "8", false, Parsers.integer(2, 64));

    // HTTP endpoints for health and metrics
    public static final Option<String> HTTP_HOST = new Option<>("isthmus.http.host",
            "Address the health and metrics server binds to.", "0.0.0.0", false, Parsers.text());
    public static final Option<Integer> HTTP_PORT = new Option<>("isthmus.http.port",
            "Port of the health (/observe/health) and metrics (/observe/metrics) server; 0 picks a free port.",
            "9876", false, Parsers.integer(0, 65535));

    // HubSpot source
    public static final Option<Boolean> HUBSPOT_ENABLED = new Option<>("isthmus.hubspot.enabled",
            "Whether HubSpot contacts are polled.", "true", false, Parsers.bool());
    public static final Option<URI> HUBSPOT_BASE_URL = new Option<>("isthmus.hubspot.baseUrl",
            "Base URL of the HubSpot API.", "https://api.hubapi.com", false, Parsers.httpUrl());
    public static final Option<Secret> HUBSPOT_TOKEN = new Option<>("isthmus.hubspot.token",
            "Private-app access token, sent as a bearer token (secret: ${env:NAME} or ${file:PATH}).", null, true,
            Parsers.secret());
    public static final Option<String> HUBSPOT_CRON = new Option<>("isthmus.hubspot.cron",
            "Quartz cron of the contacts poll.", "0 */5 * * * ?", false, Parsers.cron());
    public static final Option<Integer> HUBSPOT_PAGE_SIZE = new Option<>("isthmus.hubspot.pageSize",
            "Contacts per search page (HubSpot allows at most 200).", "100", false, Parsers.integer(1, 200));
    public static final Option<Integer> HUBSPOT_MAX_PAGES = new Option<>("isthmus.hubspot.maxPagesPerPoll",
            "Pages fetched in one poll before yielding to the next schedule; the cursor keeps the place.", "50",
            false, Parsers.integer(1, 100_000));
    public static final Option<Duration> HUBSPOT_OVERLAP = new Option<>("isthmus.hubspot.overlap",
            "How far each poll reaches back before the last one's end, for writes HubSpot indexes late.", "5m",
            false, Parsers.duration());
    public static final Option<List<String>> HUBSPOT_PROPERTIES = new Option<>("isthmus.hubspot.properties",
            "Contact properties requested from HubSpot (comma-separated).",
            "email,firstname,lastname,company,phone,jobtitle,country,website,lastmodifieddate", false,
            Parsers.list());

    // Salesforce sink
    public static final Option<Boolean> SALESFORCE_ENABLED = new Option<>("isthmus.salesforce.enabled",
            "Whether the outbox is drained into Salesforce.", "true", false, Parsers.bool());
    public static final Option<URI> SALESFORCE_LOGIN_URL = new Option<>("isthmus.salesforce.loginUrl",
            "OAuth login URL (https://test.salesforce.com for sandboxes).", "https://login.salesforce.com", false,
            Parsers.httpUrl());
    public static final Option<Secret> SALESFORCE_CLIENT_ID = new Option<>("isthmus.salesforce.clientId",
            "Consumer key of the connected app (secret: ${env:NAME} or ${file:PATH}).", null, true, Parsers.secret());
    public static final Option<Secret> SALESFORCE_CLIENT_SECRET = new Option<>("isthmus.salesforce.clientSecret",
            "Consumer secret of the connected app (secret).", null, true, Parsers.secret());
    public static final Option<String> SALESFORCE_USERNAME = new Option<>("isthmus.salesforce.username",
            "Integration user's username (username-password flow).", null, false, Parsers.text());
    public static final Option<Secret> SALESFORCE_PASSWORD = new Option<>("isthmus.salesforce.password",
            "Integration user's password followed by its security token (secret).", null, true, Parsers.secret());
    public static final Option<String> SALESFORCE_API_VERSION = new Option<>("isthmus.salesforce.apiVersion",
            "Salesforce REST API version used in every call.", "60.0", false, Parsers.apiVersion());
    public static final Option<String> SALESFORCE_EXTERNAL_ID = new Option<>("isthmus.salesforce.externalIdField",
            "Lead field holding the isthmus buyer id; it must be an External ID field.", "Isthmus_Buyer_Id__c",
            false, Parsers.identifier());
    public static final Option<Integer> SALESFORCE_BATCH_SIZE = new Option<>("isthmus.salesforce.batchSize",
            "Records per sObject Collections call (Salesforce allows at most 200).", "200", false,
            Parsers.integer(1, 200));
    public static final Option<Duration> SALESFORCE_SINK_INTERVAL = new Option<>("isthmus.salesforce.sinkInterval",
            "Pause between outbox drains.", "5s", false, Parsers.duration());
    public static final Option<String> SALESFORCE_READBACK_CRON = new Option<>("isthmus.salesforce.readbackCron",
            "Quartz cron of the read-back of Lead Status, conversions and Opportunity outcomes from Salesforce.",
            "0 */10 * * * ?", false, Parsers.cron());
    public static final Option<Integer> OUTBOX_MAX_ATTEMPTS = new Option<>("isthmus.outbox.maxAttempts",
            "Sends of one outbox row that failed as a whole before it goes to dead letters.", "10", false,
            Parsers.integer(1, 1000));

    // Several instances on one PostgreSQL store
    public static final Option<Boolean> CLUSTER_ENABLED = new Option<>("isthmus.cluster.enabled",
            "Run as one of several instances sharing a PostgreSQL store: Quartz's clustered JDBC job store runs each "
                    + "schedule once in the cluster, and the outbox claims of an instance that stopped checking in go "
                    + "to the others. Needs a jdbc:postgresql: store.", "false", false, Parsers.bool());
    public static final Option<String> CLUSTER_INSTANCE_ID = new Option<>("isthmus.cluster.instanceId",
            "Name of this instance in the cluster (Quartz instance id and owner of its outbox claims); must differ "
                    + "between instances. Empty: the host name plus a random suffix.", "", false, Parsers.text());
    public static final Option<Duration> CLUSTER_CHECKIN_INTERVAL = new Option<>("isthmus.cluster.checkinInterval",
            "How often an instance records in the store that it is alive. One silent for this long plus 7.5 s is "
                    + "taken as dead: its schedules run elsewhere and its outbox claims are released.", "5s", false,
            Parsers.duration());

    public static final List<Option<?>> ALL = List.of(ROUTES_DIR, MODEL_DIR, STORE_URL, STORE_USER, STORE_PASSWORD,
            STORE_POOL_SIZE, HTTP_HOST, HTTP_PORT, HUBSPOT_ENABLED, HUBSPOT_BASE_URL, HUBSPOT_TOKEN, HUBSPOT_CRON,
            HUBSPOT_PAGE_SIZE, HUBSPOT_MAX_PAGES, HUBSPOT_OVERLAP, HUBSPOT_PROPERTIES, SALESFORCE_ENABLED,
            SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET, SALESFORCE_USERNAME,
            SALESFORCE_PASSWORD, SALESFORCE_API_VERSION, SALESFORCE_EXTERNAL_ID, SALESFORCE_BATCH_SIZE,
            SALESFORCE_SINK_INTERVAL, SALESFORCE_READBACK_CRON, OUTBOX_MAX_ATTEMPTS, CLUSTER_ENABLED,
            CLUSTER_INSTANCE_ID, CLUSTER_CHECKIN_INTERVAL);
}
