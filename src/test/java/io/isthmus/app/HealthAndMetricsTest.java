package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Liveness, readiness (store and CRM login) and the Prometheus metrics over HTTP. */
class HealthAndMetricsTest {

    @TempDir
    Path dir;

    @Test
    void readiness_isUp_whenStoreAndCrmLoginWork_andMetricsCountTheFlow() throws Exception {
        int port = freePort();
        try (DaemonHarness h = new DaemonHarness(dir)) {
            h.start(Map.of("isthmus.http.port", Integer.toString(port)));
            h.poll();
            h.drain();

            HttpResponse<String> live = get(port, "/observe/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(port, "/observe/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);

            String metrics = get(port, "/observe/metrics").body();
            assertThat(metrics).contains("isthmus_source_records_polled_total{source=\"hubspot-contacts\"} 5.0");
            assertThat(metrics).contains("isthmus_buyers 3.0");
            assertThat(metrics).contains("isthmus_outbox_depth 0.0");
            assertThat(metrics).contains("isthmus_crm_calls_total{operation=\"collections-upsert\",outcome=\"ok\"} 1.0");
            assertThat(metrics).contains("isthmus_crm_errors_total{code=\"REQUIRED_FIELD_MISSING\"} 1.0");
            assertThat(metrics).contains("isthmus_dead_letters_open 2.0");
            assertThat(metrics).contains("isthmus_crm_api_usage 19.0");
        }
    }

    @Test
    void readiness_isDown_whenCrmLoginFails_andSaysWhy() throws Exception {
        int port = freePort();
        try (DaemonHarness h = new DaemonHarness(dir)) {
            h.start(Map.of("isthmus.http.port", Integer.toString(port),
                    "isthmus.salesforce.clientSecret", "wrong-secret"));

            HttpResponse<String> ready = get(port, "/observe/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(get(port, "/observe/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> detail = get(port, "/observe/health?exposureLevel=full");
            assertThat(detail.body()).contains("crm-login").doesNotContain("wrong-secret");
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return io.isthmus.testing.TestHttp.get("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
