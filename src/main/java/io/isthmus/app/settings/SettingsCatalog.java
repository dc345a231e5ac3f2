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
                    + "channels.yaml, costs.yaml, salesforce-mapping.yaml, salesforce-objects.yaml); a file that is "
                    + "absent falls back to the built-in default.", "config", false,
            Parsers.path());

    public static final Option<String> DEFAULT_REGION = new Option<>("isthmus.buyer.defaultRegion",
            "ISO country code whose numbering plan applies to phone numbers written without +country (E.164 "
                    + "normalization).", "US", false, Parsers.region());

    public static final Option<String> LIFECYCLE_REFRESH_CRON = new Option<>("isthmus.lifecycle.refreshCron",
            "Quartz cron of the refresh that keeps SLA hours, decay and the end of nurture periods current for "
                    + "buyers in MQL or Recycled.", "0 7 * * * ?", false, Parsers.cron());

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
    public static final Option<String> STORE_IDENTITY_SNAPSHOT = new Option<>("isthmus.store.identitySnapshot",
            "File the identity index is saved to (at shutdown and after a full load) and read back from at start, "
                    + "so only buyers changed since are re-read: auto (next to an H2 file store, "
                    + "<store>.identity-index.snap; none for PostgreSQL), off, or a path. Safe to delete.", "auto",
            false, Parsers.text());

    // HTTP endpoints for health, metrics and the status page
    public static final Option<String> HTTP_HOST = new Option<>("isthmus.http.host",
            "Address the health, metrics and status-page server binds to.", "0.0.0.0", false, Parsers.text());
    public static final Option<Integer> HTTP_PORT = new Option<>("isthmus.http.port",
            "Port of the health (/observe/health), metrics (/observe/metrics) and status page (/status, /status.json) "
                    + "server; 0 picks a free port.",
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
            "Pages fetched in one poll before yielding to the next schedule (isthmus.sources.maxPollTime bounds it "
                    + "too); the cursor keeps the place.", "10000",
            false, Parsers.integer(1, 100_000));
    public static final Option<Duration> HUBSPOT_OVERLAP = new Option<>("isthmus.hubspot.overlap",
            "How far each poll reaches back before the last one's end, for writes HubSpot indexes late.", "5m",
            false, Parsers.duration());
    public static final Option<List<String>> HUBSPOT_PROPERTIES = new Option<>("isthmus.hubspot.properties",
            "Contact properties requested from HubSpot (comma-separated).",
            "email,firstname,lastname,company,phone,jobtitle,country,website,lastmodifieddate", false,
            Parsers.list());
    public static final Option<Boolean> HUBSPOT_ACTIVITIES_ENABLED = new Option<>("isthmus.hubspot.activitiesEnabled",
            "Whether HubSpot engagements (emails, meetings, calls, notes) are polled as activities of their contacts "
                    + "(CRM v3 search plus v4 associations); the private app then needs the scopes of those objects, "
                    + "e.g. sales-email-read for emails.", "false", false, Parsers.bool());
    public static final Option<String> HUBSPOT_ACTIVITIES_CRON = new Option<>("isthmus.hubspot.activitiesCron",
            "Quartz cron of the engagements poll (offset from the contacts poll, so the two do not share HubSpot's "
                    + "search rate limit at the same moment).", "30 2/5 * * * ?", false, Parsers.cron());
    public static final Option<List<String>> HUBSPOT_ACTIVITY_TYPES = new Option<>("isthmus.hubspot.activityTypes",
            "Engagement object types read, in this order (emails, meetings, calls, notes).", "emails,meetings,calls",
            false, Parsers.listOf("emails", "meetings", "calls", "notes"));
    public static final Option<Boolean> HUBSPOT_EMAIL_EVENTS_ENABLED = new Option<>(
            "isthmus.hubspot.emailEventsEnabled",
            "Whether HubSpot marketing email events (sends, deliveries, opens, clicks, bounces, unsubscribes, spam "
                    + "reports) are polled from the Email Events API (/email/public/v1/events) as activities and "
                    + "consent changes of the buyer with the recipient's address; the private app then needs the "
                    + "content scope.", "false", false, Parsers.bool());
    public static final Option<String> HUBSPOT_EMAIL_EVENTS_CRON = new Option<>("isthmus.hubspot.emailEventsCron",
            "Quartz cron of the email events poll.", "45 3/5 * * * ?", false, Parsers.cron());
    public static final Option<Duration> HUBSPOT_EMAIL_EVENTS_BACKFILL = new Option<>(
            "isthmus.hubspot.emailEventsBackfill",
            "How far back the first email events poll reads (later polls start the overlap before the last one's "
                    + "end).", "720h", false, Parsers.duration());

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
            "Quartz cron of the read-back of Lead Status, conversions, Opportunity outcomes and Accounts from "
                    + "Salesforce.",
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
            "Waiting records of one Salesforce object (Lead, Contact, Task, ...) from which the sink uses a Bulk API "
                    + "2.0 ingest job instead of sObject Collections calls.", "10000", false,
            Parsers.integer(1, 100_000_000));
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
            "Port of the admin endpoints (/admin/dead-letters, /admin/outbox/replay, /admin/merges); 0 picks a free port.", "9877", false,
            Parsers.integer(0, 65535));
    public static final Option<Secret> ADMIN_TOKEN = new Option<>("isthmus.admin.token",
            "Bearer token the admin endpoints require (secret); without it they refuse every request.", "", true,
            Parsers.secret());


    // Limits shared by every source poll (retries, backoff, circuit breaker)
    public static final Option<Integer> SOURCES_RETRIES = new Option<>("isthmus.sources.retries",
            "Retries of a call that failed transiently (I/O, 5xx, vendor 'try again') within one poll.", "4", false,
            Parsers.integer(0, 20));
    public static final Option<Duration> SOURCES_BACKOFF_INITIAL = new Option<>("isthmus.sources.backoffInitial",
            "Wait before the first retry; it doubles with every further retry.", "1s", false, Parsers.duration());
    public static final Option<Duration> SOURCES_BACKOFF_MAX = new Option<>("isthmus.sources.backoffMax",
            "Longest wait between retries (the cap of the exponential backoff).", "60s", false, Parsers.duration());
    public static final Option<Integer> SOURCES_BREAKER_FAILURES = new Option<>("isthmus.sources.breakerFailures",
            "Failed polls in a row that open a source's circuit breaker (its polls are then skipped).", "3", false,
            Parsers.integer(1, 100));
    public static final Option<Duration> SOURCES_BREAKER_OPEN_FOR = new Option<>("isthmus.sources.breakerOpenFor",
            "How long an open circuit breaker skips polls before one trial poll.", "15m", false, Parsers.duration());
    public static final Option<Duration> SOURCES_MAX_INLINE_WAIT = new Option<>("isthmus.sources.maxInlineWait",
            "Longest rate-limit wait (Retry-After) waited inside a poll; a longer one pauses the source until then.",
            "30s", false, Parsers.duration());
    public static final Option<Duration> SOURCES_CONNECT_TIMEOUT = new Option<>("isthmus.sources.connectTimeout",
            "Longest wait to open a connection to a source's API; a timeout is retried like any I/O failure.", "10s",
            false, Parsers.duration());
    public static final Option<Duration> SOURCES_RESPONSE_TIMEOUT = new Option<>("isthmus.sources.responseTimeout",
            "Longest wait for a source's answer (and between its bytes); a vendor that stops answering fails the "
                    + "call, which is retried, instead of holding the poll forever.", "60s", false, Parsers.duration());
    public static final Option<Duration> SOURCES_MAX_POLL_TIME = new Option<>("isthmus.sources.maxPollTime",
            "How long one poll may go on applying pages before it yields to the next schedule (the cursor keeps the "
                    + "place); with the page bounds, this is what paces a first load. A poll always applies at least "
                    + "one page.", "4m", false, Parsers.duration());
    public static final Option<Boolean> SOURCES_PREFETCH = new Option<>("isthmus.sources.prefetch",
            "Whether a poll sends the call for the next page while it applies the current one (pages are still "
                    + "applied in order, each with its cursor); false sends each call only after the page before it "
                    + "is stored.", "true", false, Parsers.bool());

    // Marketo source
    public static final Option<Boolean> MARKETO_ENABLED = new Option<>("isthmus.marketo.enabled",
            "Whether Marketo lead changes, activities and leads are polled.", "false", false, Parsers.bool());
    public static final Option<URI> MARKETO_BASE_URL = new Option<>("isthmus.marketo.baseUrl",
            "Base URL of the Marketo instance, https://<munchkin-id>.mktorest.com (identity and REST both under it).",
            "https://000-AAA-000.mktorest.com", false, Parsers.httpUrl());
    public static final Option<Secret> MARKETO_CLIENT_ID = new Option<>("isthmus.marketo.clientId",
            "Client id of the Marketo LaunchPoint API service (secret: ${env:NAME} or ${file:PATH}).", null, true,
            Parsers.secret());
    public static final Option<Secret> MARKETO_CLIENT_SECRET = new Option<>("isthmus.marketo.clientSecret",
            "Client secret of the Marketo LaunchPoint API service (secret).", null, true, Parsers.secret());
    public static final Option<String> MARKETO_CRON = new Option<>("isthmus.marketo.cron",
            "Quartz cron of the Marketo poll.", "0 */5 * * * ?", false, Parsers.cron());
    public static final Option<List<Integer>> MARKETO_ACTIVITY_TYPES = new Option<>("isthmus.marketo.activityTypeIds",
            "Marketo activity type ids read (at most 10): 1 visit webpage, 2 fill out form, 6 send email, 7 delivered, "
                    + "8 bounced, 9 unsubscribe, 10 open, 11 click, 32 merge leads.", "1,2,6,7,8,9,10,11,32", false,
            Parsers.intList(1, 100_000, 10));
    public static final Option<List<String>> MARKETO_FIELDS = new Option<>("isthmus.marketo.fields",
            "Lead fields read (REST API names); email, firstName, lastName, company, phone, title, country and "
                    + "website fill the buyer, others travel as extra fields.",
            "email,firstName,lastName,company,phone,title,country,website", false, Parsers.list());
    public static final Option<Duration> MARKETO_OVERLAP = new Option<>("isthmus.marketo.overlap",
            "How far each pass reaches back before the last one's start, for activities Marketo records late.",
            "10m", false, Parsers.duration());
    public static final Option<java.time.Instant> MARKETO_BACKFILL_FROM = new Option<>("isthmus.marketo.backfillFrom",
            "Where the first full load starts (a date or UTC time).", "2020-01-01", false, Parsers.instant());
    public static final Option<Integer> MARKETO_MAX_PAGES = new Option<>("isthmus.marketo.maxPagesPerPoll",
            "Pages applied in one poll before yielding to the next schedule; the cursor keeps the place.", "100",
            false, Parsers.integer(1, 100_000));
    public static final Option<Boolean> MAUTIC_RECONCILE_ENABLED = new Option<>("isthmus.mautic.reconcileEnabled",
            "Whether contacts deleted or merged away in Mautic are found by a reconciliation pass over every Mautic "
                    + "contact id (Mautic's API reports neither) and unlinked from their buyers; runs only when "
                    + "isthmus.mautic.enabled is true.", "true", false, Parsers.bool());
    public static final Option<String> MAUTIC_RECONCILE_CRON = new Option<>("isthmus.mautic.reconcileCron",
            "Quartz cron of the Mautic reconciliation pass (daily by default).", "0 30 3 * * ?", false,
            Parsers.cron());
    public static final Option<Integer> MAUTIC_RECONCILE_PAGE_SIZE = new Option<>("isthmus.mautic.reconcilePageSize",
            "Contact ids per request of the reconciliation pass (limit, with minimal=true).", "200", false,
            Parsers.integer(2, 1000));
    public static final Option<Integer> MAUTIC_RECONCILE_MAX_PAGES = new Option<>(
            "isthmus.mautic.reconcileMaxPagesPerPoll",
            "Pages of ids the reconciliation reads in one run before yielding; the next run continues the pass.",
            "2000", false, Parsers.integer(1, 1_000_000));
    public static final Option<Duration> MARKETO_RATE_PAUSE = new Option<>("isthmus.marketo.rateLimitPause",
            "Wait after Marketo answers 606 (more than 100 calls in 20 seconds).", "20s", false, Parsers.duration());

    // Matomo source
    public static final Option<Boolean> MATOMO_ENABLED = new Option<>("isthmus.matomo.enabled",
            "Whether Matomo visits (Live.getLastVisitsDetails) are polled.", "false", false, Parsers.bool());
    public static final Option<URI> MATOMO_BASE_URL = new Option<>("isthmus.matomo.baseUrl",
            "Base URL of the Matomo server (index.php is called under it).", "https://matomo.example.com", false,
            Parsers.httpUrl());
    public static final Option<Secret> MATOMO_TOKEN = new Option<>("isthmus.matomo.token",
            "Matomo token_auth of a user with view access to the site, sent in the POST body (secret).", null, true,
            Parsers.secret());
    public static final Option<Integer> MATOMO_SITE_ID = new Option<>("isthmus.matomo.siteId",
            "Matomo idSite whose visits are read.", "1", false, Parsers.integer(1, Integer.MAX_VALUE));
    public static final Option<String> MATOMO_CRON = new Option<>("isthmus.matomo.cron",
            "Quartz cron of the Matomo poll.", "0 */10 * * * ?", false, Parsers.cron());
    public static final Option<Integer> MATOMO_PAGE_SIZE = new Option<>("isthmus.matomo.pageSize",
            "Visits per request (filter_limit).", "100", false, Parsers.integer(1, 10_000));
    public static final Option<Duration> MATOMO_OVERLAP = new Option<>("isthmus.matomo.overlap",
            "How far each pass reaches back before the latest visit seen; at least the visit timeout (30 min), so "
                    + "visits still going on are read again with their new actions.", "45m", false,
            Parsers.duration());
    public static final Option<java.time.Instant> MATOMO_BACKFILL_FROM = new Option<>("isthmus.matomo.backfillFrom",
            "Where the first full load starts (a date or UTC time).", "2020-01-01", false, Parsers.instant());
    public static final Option<Integer> MATOMO_MAX_PAGES = new Option<>("isthmus.matomo.maxPagesPerPoll",
            "Pages applied in one poll before yielding to the next schedule (isthmus.sources.maxPollTime bounds it "
                    + "too); the cursor keeps the place.", "10000",
            false, Parsers.integer(1, 100_000));

    // Mautic source
    public static final Option<Boolean> MAUTIC_ENABLED = new Option<>("isthmus.mautic.enabled",
            "Whether Mautic contacts are polled.", "false", false, Parsers.bool());
    public static final Option<URI> MAUTIC_BASE_URL = new Option<>("isthmus.mautic.baseUrl",
            "Base URL of the Mautic instance (the API is under /api).", "https://mautic.example.com", false,
            Parsers.httpUrl());
    public static final Option<String> MAUTIC_AUTH = new Option<>("isthmus.mautic.auth",
            "How isthmus logs in to Mautic: basic (an API user, basic auth enabled in Mautic's API settings) or "
                    + "oauth2 (an OAuth 2 API credential, client credentials grant at /oauth/v2/token).", "basic",
            false, Parsers.oneOf("basic", "oauth2"));
    public static final Option<String> MAUTIC_USERNAME = new Option<>("isthmus.mautic.username",
            "Mautic API user (auth=basic).", null, false, Parsers.text());
    public static final Option<Secret> MAUTIC_PASSWORD = new Option<>("isthmus.mautic.password",
            "Password of the Mautic API user (auth=basic; secret).", null, true, Parsers.secret());
    public static final Option<Secret> MAUTIC_CLIENT_ID = new Option<>("isthmus.mautic.clientId",
            "Client id (public key) of the Mautic OAuth 2 API credential (auth=oauth2; secret).", null, true,
            Parsers.secret());
    public static final Option<Secret> MAUTIC_CLIENT_SECRET = new Option<>("isthmus.mautic.clientSecret",
            "Client secret of the Mautic OAuth 2 API credential (auth=oauth2; secret).", null, true,
            Parsers.secret());
    public static final Option<String> MAUTIC_CRON = new Option<>("isthmus.mautic.cron",
            "Quartz cron of the Mautic poll.", "0 */5 * * * ?", false, Parsers.cron());
    public static final Option<Integer> MAUTIC_PAGE_SIZE = new Option<>("isthmus.mautic.pageSize",
            "Contacts per request (limit).", "100", false, Parsers.integer(1, 1000));
    public static final Option<Duration> MAUTIC_OVERLAP = new Option<>("isthmus.mautic.overlap",
            "How far each pass reaches back before the last one's latest date_modified.", "5m", false,
            Parsers.duration());
    public static final Option<List<String>> MAUTIC_EVENTS = new Option<>("isthmus.mautic.events",
            "Contact activity event types read from /api/contacts/activity (page.hit, email.sent, email.read, "
                    + "form.submitted, asset.download; others are kept as OTHER).",
            "page.hit,email.sent,email.read,form.submitted,asset.download", false, Parsers.list());
    public static final Option<Integer> MAUTIC_MAX_PAGES = new Option<>("isthmus.mautic.maxPagesPerPoll",
            "Pages applied in one poll before yielding to the next schedule (isthmus.sources.maxPollTime bounds it "
                    + "too); the cursor keeps the place.", "10000",
            false, Parsers.integer(1, 100_000));


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
    public static final Option<Duration> CLUSTER_INDEX_CATCH_UP = new Option<>("isthmus.cluster.indexCatchUp",
            "How often an instance brings its in-memory identity index up to the buyers the other instances wrote, so "
                    + "probabilistic matching sees them (exact keys are looked up in the store and need no catch-up).",
            "10s", false, Parsers.duration());

    public static final List<Option<?>> ALL = List.of(ROUTES_DIR, MODEL_DIR, DEFAULT_REGION, LIFECYCLE_REFRESH_CRON, STORE_URL, STORE_USER,
            STORE_PASSWORD,
            STORE_POOL_SIZE, STORE_IDENTITY_SNAPSHOT, HTTP_HOST, HTTP_PORT, HUBSPOT_ENABLED, HUBSPOT_BASE_URL, HUBSPOT_TOKEN, HUBSPOT_CRON,
            HUBSPOT_PAGE_SIZE, HUBSPOT_MAX_PAGES, HUBSPOT_OVERLAP, HUBSPOT_PROPERTIES, HUBSPOT_ACTIVITIES_ENABLED,
            HUBSPOT_ACTIVITIES_CRON, HUBSPOT_ACTIVITY_TYPES, HUBSPOT_EMAIL_EVENTS_ENABLED, HUBSPOT_EMAIL_EVENTS_CRON,
            HUBSPOT_EMAIL_EVENTS_BACKFILL, SALESFORCE_ENABLED,
            SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET, SALESFORCE_USERNAME,
            SALESFORCE_PASSWORD, SALESFORCE_API_VERSION, SALESFORCE_EXTERNAL_ID, SALESFORCE_BATCH_SIZE,
            SALESFORCE_SINK_INTERVAL, SALESFORCE_READBACK_CRON, OUTBOX_MAX_ATTEMPTS, SALESFORCE_AUTH, SALESFORCE_REFRESH_TOKEN,
            SALESFORCE_KEYSTORE, SALESFORCE_KEYSTORE_PASSWORD, SALESFORCE_REQUEST_TIMEOUT, SALESFORCE_BULK_THRESHOLD,
            SALESFORCE_BULK_JOB_SIZE, SALESFORCE_BULK_TIMEOUT, SALESFORCE_API_RESERVE, SALESFORCE_API_SLOWDOWN,
            SALESFORCE_LIMIT_PAUSE, SALESFORCE_BACKOFF_BASE, SALESFORCE_BACKOFF_MAX, SALESFORCE_BREAKER_OPEN,
            ADMIN_HOST, ADMIN_PORT, ADMIN_TOKEN,
            SOURCES_RETRIES, SOURCES_BACKOFF_INITIAL, SOURCES_BACKOFF_MAX, SOURCES_BREAKER_FAILURES,
            SOURCES_BREAKER_OPEN_FOR, SOURCES_MAX_INLINE_WAIT, SOURCES_CONNECT_TIMEOUT, SOURCES_RESPONSE_TIMEOUT,
            SOURCES_MAX_POLL_TIME, SOURCES_PREFETCH,
            MARKETO_ENABLED, MARKETO_BASE_URL, MARKETO_CLIENT_ID, MARKETO_CLIENT_SECRET, MARKETO_CRON,
            MARKETO_ACTIVITY_TYPES, MARKETO_FIELDS, MARKETO_OVERLAP, MARKETO_BACKFILL_FROM, MARKETO_MAX_PAGES,
            MARKETO_RATE_PAUSE,
            MATOMO_ENABLED, MATOMO_BASE_URL, MATOMO_TOKEN, MATOMO_SITE_ID, MATOMO_CRON, MATOMO_PAGE_SIZE,
            MATOMO_OVERLAP, MATOMO_BACKFILL_FROM, MATOMO_MAX_PAGES,
            MAUTIC_ENABLED, MAUTIC_BASE_URL, MAUTIC_AUTH, MAUTIC_USERNAME, MAUTIC_PASSWORD, MAUTIC_CLIENT_ID,
            MAUTIC_CLIENT_SECRET, MAUTIC_CRON, MAUTIC_PAGE_SIZE,
            MAUTIC_OVERLAP, MAUTIC_EVENTS, MAUTIC_MAX_PAGES, MAUTIC_RECONCILE_ENABLED, MAUTIC_RECONCILE_CRON,
            MAUTIC_RECONCILE_PAGE_SIZE, MAUTIC_RECONCILE_MAX_PAGES, CLUSTER_ENABLED, CLUSTER_INSTANCE_ID,
            CLUSTER_CHECKIN_INTERVAL, CLUSTER_INDEX_CATCH_UP);
}
