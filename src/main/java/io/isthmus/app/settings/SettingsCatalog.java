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
            "Directory of the buyer-model YAML files marketing ops edit (scoring.yaml, lifecycle.yaml, attribution.yaml, "
                    + "channels.yaml, costs.yaml, salesforce-mapping.yaml); a file that is absent falls back to the "
                    + "built-in default.", "config", false,
            Parsers.path());

    public static final Option<String> DEFAULT_REGION = new Option<>("isthmus.buyer.defaultRegion",
            "ISO country code whose numbering plan applies to phone numbers written without +country (E.164 "
                    + "normalization).", "US", false, Parsers.region());

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


    // Salesforce sink: authentication beyond username-password
    public static final Option<String> SALESFORCE_AUTH = new Option<>("isthmus.salesforce.auth",
            "OAuth flow: password (username-password, for the demo and tests), jwt (JWT bearer with a key store) or "
                    + "refresh-token.", "password", false, Parsers.oneOf("password", "jwt", "refresh-token"));
    public static final Option<Secret> SALESFORCE_REFRESH_TOKEN = new Option<>("isthmus.salesforce.refreshToken",
            "Refresh token of the connected app for auth=refresh-token (secret).", null, true, Parsers.secret());
    public static final Option<Path> SALESFORCE_KEYSTORE = new Option<>("isthmus.salesforce.keystore",
            "PKCS12 or JKS key store holding only the private key whose certificate is uploaded to the connected app "
                    + "(auth=jwt).", null, false, Parsers.path());
    public static final Option<Secret> SALESFORCE_KEYSTORE_PASSWORD = new Option<>(
            "isthmus.salesforce.keystorePassword", "Password of the key store for auth=jwt (secret).", null, true,
            Parsers.secret());
    public static final Option<Duration> SALESFORCE_REQUEST_TIMEOUT = new Option<>(
            "isthmus.salesforce.requestTimeout",
            "Longest wait for one Salesforce response before the call counts as failed (and is retried later).",
            "60s", false, Parsers.duration());

    // Salesforce sink: Bulk API 2.0
    public static final Option<Integer> SALESFORCE_BULK_THRESHOLD = new Option<>("isthmus.salesforce.bulkThreshold",
            "Waiting Lead records from which the sink uses a Bulk API 2.0 ingest job instead of sObject "
                    + "Collections calls.", "10000", false, Parsers.integer(1, 100_000_000));
    public static final Option<Integer> SALESFORCE_BULK_JOB_SIZE = new Option<>("isthmus.salesforce.bulkJobSize",
            "Most records uploaded in one Bulk API 2.0 job (the CSV must stay under Salesforce's 100 MB).", "100000",
            false, Parsers.integer(1, 1_000_000));
    public static final Option<Duration> SALESFORCE_BULK_TIMEOUT = new Option<>("isthmus.salesforce.bulkTimeout",
            "How long a Bulk API 2.0 job may take before its records are given back to the outbox for another try.",
            "30m", false, Parsers.duration());

    // Salesforce sink: API budget and faults
    public static final Option<Integer> SALESFORCE_API_RESERVE = new Option<>("isthmus.salesforce.apiReservePercent",
            "Share of the org's daily API limit (percent) left for other integrations: the sink pauses before "
                    + "using it.", "20", false, Parsers.integer(0, 95));
    public static final Option<Integer> SALESFORCE_API_SLOWDOWN = new Option<>(
            "isthmus.salesforce.apiSlowdownPercent",
            "Band of the daily limit (percent) just below the reserve in which the sink slows to one call per drain.",
            "10", false, Parsers.integer(0, 95));
    public static final Option<Duration> SALESFORCE_LIMIT_PAUSE = new Option<>("isthmus.salesforce.limitPause",
            "How long the sink pauses on REQUEST_LIMIT_EXCEEDED or at the reserve before one probing call checks "
                    + "whether usage fell.", "15m", false, Parsers.duration());
    public static final Option<Duration> SALESFORCE_BACKOFF_BASE = new Option<>("isthmus.salesforce.backoffBase",
            "First wait after a failed call (5xx, reset, timeout); it doubles per further failure, with jitter.",
            "1s", false, Parsers.duration());
    public static final Option<Duration> SALESFORCE_BACKOFF_MAX = new Option<>("isthmus.salesforce.backoffMax",
            "Longest wait between failed calls.", "5m", false, Parsers.duration());
    public static final Option<Duration> SALESFORCE_BREAKER_OPEN = new Option<>("isthmus.salesforce.breakerOpenFor",
            "How long the circuit breaker stays open (no calls) once half of the last 10 calls failed.", "1m", false,
            Parsers.duration());

    // Admin endpoints (dead letters)
    public static final Option<String> ADMIN_HOST = new Option<>("isthmus.admin.host",
            "Address the admin endpoints (dead letters: list, retry, discard) bind to; keep it on localhost.",
            "127.0.0.1", false, Parsers.text());
    public static final Option<Integer> ADMIN_PORT = new Option<>("isthmus.admin.port",
            "Port of the admin endpoints (/admin/dead-letters); 0 picks a free port.", "9877", false,
            Parsers.integer(0, 65535));
    public static final Option<Secret> ADMIN_TOKEN = new Option<>("isthmus.admin.token",
            "Bearer token the admin endpoints require (secret); without it they refuse every request.", "", true,
            Parsers.secret());

    public static final List<Option<?>> ALL = List.of(ROUTES_DIR, MODEL_DIR, DEFAULT_REGION, STORE_URL, STORE_USER,
            STORE_PASSWORD,
            STORE_POOL_SIZE, HTTP_HOST, HTTP_PORT, HUBSPOT_ENABLED, HUBSPOT_BASE_URL, HUBSPOT_TOKEN, HUBSPOT_CRON,
            HUBSPOT_PAGE_SIZE, HUBSPOT_MAX_PAGES, HUBSPOT_OVERLAP, HUBSPOT_PROPERTIES, SALESFORCE_ENABLED,
            SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET, SALESFORCE_USERNAME,
            SALESFORCE_PASSWORD, SALESFORCE_API_VERSION, SALESFORCE_EXTERNAL_ID, SALESFORCE_BATCH_SIZE,
            SALESFORCE_SINK_INTERVAL, SALESFORCE_READBACK_CRON, OUTBOX_MAX_ATTEMPTS, SALESFORCE_AUTH, SALESFORCE_REFRESH_TOKEN,
            SALESFORCE_KEYSTORE, SALESFORCE_KEYSTORE_PASSWORD, SALESFORCE_REQUEST_TIMEOUT, SALESFORCE_BULK_THRESHOLD,
            SALESFORCE_BULK_JOB_SIZE, SALESFORCE_BULK_TIMEOUT, SALESFORCE_API_RESERVE, SALESFORCE_API_SLOWDOWN,
            SALESFORCE_LIMIT_PAUSE, SALESFORCE_BACKOFF_BASE, SALESFORCE_BACKOFF_MAX, SALESFORCE_BREAKER_OPEN,
            ADMIN_HOST, ADMIN_PORT, ADMIN_TOKEN);
}
