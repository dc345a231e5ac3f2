package io.isthmus.app;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.SettingsLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.ProducerTemplate;

/**
 * The real daemon (Camel Main, YAML routes from routes/, H2 file) against WireMock HubSpot and Salesforce servers
 * loaded from src/test/resources/wiremock/&lt;system&gt;. The Quartz and timer triggers are set never to fire; tests
 * run a poll or a drain by calling the routes' direct entry points instead of sleeping.
 */
final class DaemonHarness implements AutoCloseable {

    static final String HUBSPOT_TOKEN = "pat-test-token";

    final WireMockServer hubspot;
    final WireMockServer salesforce;
    private final Path storeDir;
    private Daemon daemon;
    private ProducerTemplate template;

    DaemonHarness(Path storeDir) {
        this.storeDir = storeDir;
        hubspot = new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock/hubspot"));
        salesforce = new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock/salesforce"));
        hubspot.start();
        salesforce.start();
    }

    Map<String, String> settings() {
        Map<String, String> o = new HashMap<>();
        o.put("isthmus.routes.dir", "routes");
        o.put("isthmus.store.url", "jdbc:h2:file:" + storeDir.resolve("isthmus").toAbsolutePath());
        o.put("isthmus.http.host", "127.0.0.1");
        o.put("isthmus.http.port", "0");
        o.put("isthmus.hubspot.baseUrl", hubspot.baseUrl());
        o.put("isthmus.hubspot.token", HUBSPOT_TOKEN);
        o.put("isthmus.hubspot.cron", "0 0 0 1 1 ? 2099");
        o.put("isthmus.hubspot.pageSize", "3");
        o.put("isthmus.salesforce.loginUrl", salesforce.baseUrl());
        o.put("isthmus.salesforce.clientId", "test-client-id");
        o.put("isthmus.salesforce.clientSecret", "test-client-secret");
        o.put("isthmus.salesforce.username", "integration@test.example.com");
        o.put("isthmus.salesforce.password", "test-password-and-token");
        o.put("isthmus.salesforce.sinkInterval", "1h");
        o.put("isthmus.salesforce.readbackCron", "0 0 0 1 1 ? 2099");
        o.put("isthmus.admin.port", "0");
        return o;
    }

    Daemon start(Map<String, String> extra) throws Exception {
        return start(extra, Clock.systemUTC());
    }

    /** Starts the daemon on {@code clock}, so pauses, backoff and the circuit breaker are tested without sleeping. */
    Daemon start(Map<String, String> extra, Clock clock) throws Exception {
        Map<String, String> o = settings();
        o.putAll(extra);
        IsthmusSettings s = new SettingsLoader(Map.of()).load(null, o);
        daemon = Daemon.create(s, Map.of(), clock);
        daemon.start();
        template = daemon.camelContext().createProducerTemplate();
        return daemon;
    }

    /** One scheduled poll, run now. */
    void poll() {
        template.sendBody("direct:hubspot-contacts-poll", null);
    }

    /** One scheduled HubSpot engagements poll, run now. */
    void pollActivities() {
        template.sendBody("direct:hubspot-activities-poll", null);
    }

    /** One HubSpot marketing email events poll, run now. */
    void pollEmailEvents() {
        template.sendBody("direct:hubspot-email-events-poll", null);
    }

    /** One outbox drain, run now. */
    void drain() {
        template.sendBody("direct:salesforce-sink-drain", null);
    }

    /** One CRM read-back, run now. */
    void readBack() {
        template.sendBody("direct:salesforce-readback", null);
    }

    /**
     * Adds a scenario stub from src/test/resources/wiremock/salesforce/scenarios/ (kept out of mappings/ so only the
     * tests that want a scenario get it); it wins over the default mappings of the same priority.
     */
    void salesforceScenario(String name) {
        String path = "wiremock/salesforce/scenarios/" + name + ".json";
        try (java.io.InputStream in = DaemonHarness.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no scenario " + path);
            }
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(text);
            java.util.List<com.fasterxml.jackson.databind.JsonNode> list = new java.util.ArrayList<>();
            if (node.has("mappings")) {
                node.get("mappings").forEach(list::add);
            } else {
                list.add(node);
            }
            for (com.fasterxml.jackson.databind.JsonNode m : list) {
                salesforce.addStubMapping(com.github.tomakehurst.wiremock.stubbing.StubMapping.buildFrom(
                        m.toString()));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void stopDaemon() {
        if (daemon != null) {
            daemon.close();
            daemon = null;
        }
    }

    @Override
    public void close() {
        stopDaemon();
        hubspot.stop();
        salesforce.stop();
    }
}
