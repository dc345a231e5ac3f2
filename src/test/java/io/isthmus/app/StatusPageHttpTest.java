package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status page and its JSON twin, served by the real daemon on the local admin server (read-only). */
class StatusPageHttpTest {

    @TempDir
    Path dir;

    @Test
    void status_afterPollAndDrain_showsSourceOutboxDeadLettersBudgetAndFunnel_onTheManagementPort() throws Exception {
        int port = freePort();
        try (DaemonHarness h = new DaemonHarness(dir)) {
            h.start(Map.of("isthmus.admin.port", Integer.toString(port)));
            h.poll();
            h.drain();

            HttpResponse<String> page = send(port, "/status", "GET");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("text/html"));
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                    v -> assertThat(v).contains("default-src 'none'"));
            assertThat(page.body()).contains("<tr data-source=\"hubspot-contacts\">", "REQUIRED_FIELD_MISSING",
                    "19 / 15000");

            HttpResponse<String> json = send(port, "/status.json", "GET");
            assertThat(json.statusCode()).isEqualTo(200);
            JsonNode root = new ObjectMapper().readTree(json.body());
            JsonNode hubspot = root.path("sources").path(0);
            assertThat(hubspot.path("name").asText()).isEqualTo("hubspot-contacts");
            assertThat(hubspot.path("recordsApplied").asLong()).isEqualTo(5);
            assertThat(hubspot.path("pagesApplied").asLong()).isEqualTo(2);
            assertThat(hubspot.path("lagBasis").asText()).isEqualTo("CURSOR");
            assertThat(root.path("outbox").path("pending").asLong()).isZero();
            assertThat(root.path("outbox").path("sentLastHour").asLong()).isEqualTo(2);
            assertThat(root.path("outbox").path("dead").asLong()).isEqualTo(1);
            assertThat(root.path("apiBudget").path("used").asLong()).isEqualTo(19);
            assertThat(root.path("apiBudget").path("limit").asLong()).isEqualTo(15000);
            assertThat(root.path("deadLetters").findValuesAsText("errorCode")).contains("REQUIRED_FIELD_MISSING");
            assertThat(root.path("buyers").asLong()).isEqualTo(3);
        }
    }

    @Test
    void status_refusesWrites_withMethodNotAllowed() throws Exception {
        int port = freePort();
        try (DaemonHarness h = new DaemonHarness(dir)) {
            h.start(Map.of("isthmus.admin.port", Integer.toString(port)));

            assertThat(send(port, "/status", "POST").statusCode()).isEqualTo(405);
            assertThat(send(port, "/status.json", "DELETE").statusCode()).isEqualTo(405);
            assertThat(send(port, "/status", "GET").statusCode()).isEqualTo(200);
            assertThat(send(port, "/status", "HEAD").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void status_whenTheStoreDoesNotAnswer_is503WithAPlainReason_notAStackTrace() throws Exception {
        int port = freePort();
        try (DaemonHarness h = new DaemonHarness(dir)) {
            Daemon daemon = h.start(Map.of("isthmus.admin.port", Integer.toString(port)));
            daemon.database().close();

            HttpResponse<String> page = send(port, "/status", "GET");
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.body()).startsWith("status unavailable: the store does not answer")
                    .doesNotContain("Exception", "jdbc:");
            assertThat(send(port, "/status.json", "GET").statusCode()).isEqualTo(503);
        }
    }

    private HttpResponse<String> send(int port, String path, String method) throws Exception {
        return io.isthmus.testing.TestHttp.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
