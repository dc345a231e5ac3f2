package io.isthmus.app;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;

/**
 * The real daemon with one more WireMock server for a source system, loaded from
 * src/test/resources/wiremock/&lt;system&gt;. Polls run through the source's direct:&lt;source&gt;-poll entry.
 */
final class SourceHarness implements AutoCloseable {

    final WireMockServer server;
    private final DaemonHarness daemonHarness;
    private final String system;
    private Daemon daemon;
    private ProducerTemplate template;
    private int httpPort;

    SourceHarness(Path dir, String system) {
        this.system = system;
        this.daemonHarness = new DaemonHarness(dir);
        server = new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock/" + system));
        server.start();
    }

    Daemon start(Map<String, String> settings, Clock clock) throws Exception {
        Map<String, String> o = new HashMap<>(settings);
        o.putIfAbsent("isthmus.http.port", Integer.toString(httpPort = freePort()));
        httpPort = Integer.parseInt(o.get("isthmus.http.port"));
        daemon = daemonHarness.start(o, clock);
        template = daemon.camelContext().createProducerTemplate();
        return daemon;
    }

    void poll() {
        template.sendBody("direct:" + system + "-poll", null);
    }

    /** One poll of another route of the same system, e.g. {@code mautic-reconcile}. */
    void poll(String source) {
        template.sendBody("direct:" + source + "-poll", null);
    }

    /** Runs a statement on the store, committed. */
    void exec(String sql) throws Exception {
        try (Connection c = daemon.database().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
            c.commit();
        }
    }

    void stopDaemon() {
        daemonHarness.stopDaemon();
        daemon = null;
    }

    /** A GET on the health and metrics server. */
    HttpResponse<String> http(String path) throws Exception {
        return io.isthmus.testing.TestHttp.get("http://127.0.0.1:" + httpPort + path);
    }

    List<String> rows(String sql) throws Exception {
        try (Connection c = daemon.database().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
            c.rollback();
            return out;
        }
    }

    String one(String sql) throws Exception {
        List<String> r = rows(sql);
        if (r.size() != 1) {
            throw new AssertionError(sql + " returned " + r);
        }
        return r.get(0);
    }

    @Override
    public void close() {
        daemonHarness.close();
        server.stop();
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
