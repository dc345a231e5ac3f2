package io.isthmus.app.settings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The IT settings, parsed and validated once at start. Secrets print as {@code ****}. */
public record IsthmusSettings(Path routesDir, Path modelDir, Store store, Http http, HubSpot hubspot, Salesforce salesforce,
                              Cluster cluster) {

    public record Store(String url, String user, Secret password, int poolSize) {
    }

    public record Http(String host, int port) {
    }

    /** @param token null when HubSpot is disabled */
    public record HubSpot(boolean enabled, URI baseUrl, Secret token, String cron, int pageSize,
                          int maxPagesPerPoll, Duration overlap, List<String> properties) {
    }

    /** Credentials are null when the sink is disabled. */
    public record Salesforce(boolean enabled, URI loginUrl, Secret clientId, Secret clientSecret, String username,
                             Secret password, String apiVersion, String externalIdField, int batchSize,
                             Duration sinkInterval, String readbackCron, int maxAttempts) {
    }

    /**
     * Several instances on one PostgreSQL store.
     *
     * @param instanceId never empty: the configured name, else the host name plus a random suffix
     */
    public record Cluster(boolean enabled, String instanceId, Duration checkinInterval) {
    }
}
