package io.isthmus.app.settings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The IT settings, parsed and validated once at start. Secrets print as {@code ****}. */
public record IsthmusSettings(Path routesDir, Path modelDir, String defaultRegion, String lifecycleRefreshCron,
                              Store store, Http http,
                              HubSpot hubspot, Salesforce salesforce, Admin admin, Sources sources, Cluster cluster) {

    /** @param identitySnapshot {@code auto}, {@code off} or a path: see {@link #identitySnapshotFile()} */
    public record Store(String url, String user, Secret password, int poolSize, String identitySnapshot) {

        public Store(String url, String user, Secret password, int poolSize) {
            this(url, user, password, poolSize, "auto");
        }

        /**
         * Where the identity index snapshot is kept: the path given; with {@code auto}, next to an H2 file store
         * ({@code <file>.identity-index.snap} beside {@code <file>.mv.db}) and none for a server database; null
         * when there is none.
         */
        public Path identitySnapshotFile() {
            String s = identitySnapshot == null ? "auto" : identitySnapshot.strip();
            if (s.equalsIgnoreCase("off") || s.isEmpty()) {
                return null;
            }
            if (!s.equalsIgnoreCase("auto")) {
                return Path.of(s);
            }
            String prefix = "jdbc:h2:file:";
            if (!url.startsWith(prefix)) {
                return null;
            }
            String file = url.substring(prefix.length());
            int options = file.indexOf(';');
            if (options >= 0) {
                file = file.substring(0, options);
            }
            if (file.startsWith("~/")) {
                file = System.getProperty("user.home") + file.substring(1);
            }
            return Path.of(file + ".identity-index.snap");
        }
    }

    public record Http(String host, int port) {
    }

    /** @param token null when HubSpot is disabled */
    public record HubSpot(boolean enabled, URI baseUrl, Secret token, String cron, int pageSize,
                          int maxPagesPerPoll, Duration overlap, List<String> properties, Activities activities,
                          EmailEvents emailEvents) {
    }

    /** The HubSpot engagements poll; it uses the contacts poll's base URL, token, page size, pages per poll, overlap. */
    public record Activities(boolean enabled, String cron, List<String> types) {
    }

    /**
     * The HubSpot marketing email events poll; it uses the contacts poll's base URL, token, page size, pages per
     * poll and overlap. {@code backfill}: how far back its first poll reads.
     */
    public record EmailEvents(boolean enabled, String cron, Duration backfill) {
    }

    /** Credentials are null when the sink is disabled. */
    public record Salesforce(boolean enabled, URI loginUrl, Secret clientId, Secret clientSecret, String username,
                             Secret password, String apiVersion, String externalIdField, int batchSize,
                             Duration sinkInterval, String readbackCron, int maxAttempts, Auth auth,
                             Sink sink) {
    }

    /** How the sink logs in. {@code flow}: password, jwt or refresh-token; the other fields serve one flow each. */
    public record Auth(String flow, Secret refreshToken, Path keystore, Secret keystorePassword) {
    }

    /**
     * How the sink batches and paces itself: Bulk API 2.0 from {@code bulkThreshold} waiting records; the API budget
     * reserve and slow-down band in percent of the daily limit; backoff and circuit breaker for failed calls.
     */
    public record Sink(int bulkThreshold, int bulkJobSize, Duration bulkTimeout, int apiReservePercent,
                       int apiSlowdownPercent, Duration limitPause, Duration backoffBase, Duration backoffMax,
                       Duration breakerOpenFor, Duration requestTimeout) {
    }

    /** The admin endpoints; {@code token} empty means every admin request is refused. */
    public record Admin(String host, int port, Secret token) {
    }

    /** The polled sources beyond HubSpot, and the limits every source poll keeps. */
    public record Sources(SourceLimits limits, Marketo marketo, Matomo matomo, Mautic mautic) {
    }

    /**
     * Retry, pause, circuit-breaker and HTTP timeout limits shared by every source, and whether a poll fetches the
     * next page while it applies the current one ({@code prefetch}).
     */
    public record SourceLimits(int retries, Duration backoffInitial, Duration backoffMax, int breakerFailures,
                               Duration breakerOpenFor, Duration maxInlineWait, Duration connectTimeout,
                               Duration responseTimeout, boolean prefetch, Duration maxPollTime) {
    }

    /** @param clientId null when Marketo is disabled (so is clientSecret) */
    public record Marketo(boolean enabled, URI baseUrl, Secret clientId, Secret clientSecret, String cron,
                          List<Integer> activityTypeIds, List<String> fields, Duration overlap,
                          java.time.Instant backfillFrom, int maxPagesPerPoll, Duration rateLimitPause) {
    }

    /** @param token null when Matomo is disabled */
    public record Matomo(boolean enabled, URI baseUrl, Secret token, int siteId, String cron, int pageSize,
                         Duration overlap, java.time.Instant backfillFrom, int maxPagesPerPoll) {
    }

    /**
     * @param auth     {@code basic} or {@code oauth2}
     * @param username null unless auth is basic (so is password)
     * @param clientId null unless auth is oauth2 (so is clientSecret)
     */
    public record Mautic(boolean enabled, URI baseUrl, String auth, String username, Secret password,
                         Secret clientId, Secret clientSecret, String cron, int pageSize, Duration overlap,
                         List<String> events, int maxPagesPerPoll, Reconcile reconcile) {

        public boolean oauth2() {
            return "oauth2".equals(auth);
        }
    }

    /** The Mautic reconciliation pass over every contact id (deletions and merges at Mautic). */
    public record Reconcile(boolean enabled, String cron, int pageSize, int maxPagesPerPoll) {
    }

    /**
     * Several instances on one PostgreSQL store.
     *
     * @param instanceId never empty: the configured name, else the host name plus a random suffix
     */
    public record Cluster(boolean enabled, String instanceId, Duration checkinInterval, Duration indexCatchUp) {
    }
}
