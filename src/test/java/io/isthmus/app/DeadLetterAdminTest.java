package io.isthmus.app;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dead letters listed, retried and discarded through the admin endpoint and the CLI verb. */
class DeadLetterAdminTest {

    private static final String TOKEN = "test-admin-token";
    private static final String UPSERT = "/services/data/v60.0/composite/sobjects/Lead/Isthmus_Buyer_Id__c";

    @TempDir
    Path dir;
    private DaemonHarness h;
    private Daemon daemon;
    private int port;
    private final ObjectMapper json = new ObjectMapper();

    private void start(String token) throws Exception {
        port = freePort();
        h = new DaemonHarness(dir);
        daemon = h.start(Map.of("isthmus.admin.port", Integer.toString(port), "isthmus.admin.token", token));
        h.poll();
        h.drain();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void list_withoutOrWithAWrongToken_isRefused_andWithTheTokenShowsEveryOpenDeadLetter() throws Exception {
        start(TOKEN);

        assertThat(send("GET", "/admin/dead-letters", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/admin/dead-letters", "Bearer nope").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = send("GET", "/admin/dead-letters", "Bearer " + TOKEN);

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Authorization")).isEmpty();
        JsonNode list = json.readTree(ok.body());
        assertThat(list).extracting(n -> n.path("kind").asText() + "|" + n.path("errorCode").asText())
                .containsExactly("CRM_RECORD|REQUIRED_FIELD_MISSING", "SOURCE_RECORD|INVALID_CONTACT");
    }

    @Test
    void retry_ofACrmDeadLetter_requeuesItsRecord_whichTheNextDrainSends_andASecondRetryConflicts()
            throws Exception {
        start(TOKEN);
        long id = idOf("CRM_RECORD");

        HttpResponse<String> r = send("POST", "/admin/dead-letters/" + id + "/retry", "Bearer " + TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body()).path("result").asText()).isEqualTo("RETRIED");
        assertThat(SinkFixture.rows(daemon.database(), "SELECT status, resolved_by FROM dead_letter WHERE id = " + id))
                .containsExactly("RETRIED|admin-api");
        assertThat(SinkFixture.rows(daemon.database(), "SELECT status, attempts FROM outbox WHERE status <> 'SENT'"))
                .containsExactly("PENDING|0");

        h.drain();
        assertThat(h.salesforce.findAll(patchRequestedFor(urlPathEqualTo(UPSERT)))).hasSize(2);
        assertThat(send("POST", "/admin/dead-letters/" + id + "/retry", "Bearer " + TOKEN).statusCode())
                .isEqualTo(409);
    }

    @Test
    void sourceDeadLetter_cannotBeRetriedHere_butCanBeDiscarded() throws Exception {
        start(TOKEN);
        long id = idOf("SOURCE_RECORD");

        assertThat(send("POST", "/admin/dead-letters/" + id + "/retry", "Bearer " + TOKEN).statusCode())
                .isEqualTo(409);
        assertThat(send("POST", "/admin/dead-letters/" + id + "/discard", "Bearer " + TOKEN).statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/admin/dead-letters/999/discard", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
        assertThat(SinkFixture.rows(daemon.database(), "SELECT status FROM dead_letter WHERE id = " + id))
                .containsExactly("DISCARDED");
    }

    @Test
    void adminEndpoints_withNoTokenConfigured_refuseEveryRequest() throws Exception {
        start("");

        assertThat(send("GET", "/admin/dead-letters", "Bearer ").statusCode()).isEqualTo(403);
        assertThat(send("POST", "/admin/dead-letters/1/discard", "Bearer ").statusCode()).isEqualTo(403);
    }

    @Test
    void cliVerb_listsRetriesAndDiscards_onTheSameStore() throws Exception {
        start(TOKEN);
        long crm = idOf("CRM_RECORD");
        long source = idOf("SOURCE_RECORD");
        h.stopDaemon();
        Path config = dir.resolve("cli.properties");
        Files.writeString(config, "isthmus.store.url=jdbc:h2:file:" + dir.resolve("isthmus").toAbsolutePath()
                + "\nisthmus.hubspot.enabled=false\nisthmus.salesforce.enabled=false\n");

        String list = cli("dead-letters", "list", "--config", config.toString());
        String retried = cli("dead-letters", "retry", Long.toString(crm), "--config", config.toString());
        String discarded = cli("dead-letters", "discard", Long.toString(source), "--config", config.toString());
        String after = cli("dead-letters", "list", "--status", "ALL", "--config", config.toString());

        assertThat(list).contains("REQUIRED_FIELD_MISSING", "INVALID_CONTACT");
        assertThat(retried).isEqualTo(crm + "\tRETRIED\n");
        assertThat(discarded).isEqualTo(source + "\tDISCARDED\n");
        assertThat(after).contains("\tRETRIED\tREQUIRED_FIELD_MISSING", "\tDISCARDED\tINVALID_CONTACT");
    }

    private String cli(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Isthmus.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private long idOf(String kind) throws Exception {
        return Long.parseLong(SinkFixture.rows(daemon.database(),
                "SELECT id FROM dead_letter WHERE kind = '" + kind + "'").get(0));
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return io.isthmus.testing.TestHttp.send(b);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
