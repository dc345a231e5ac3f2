package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Merges reviewed and undone through the admin endpoint (real daemon, YAML routes) and the CLI verbs. The default
 * HubSpot fixture has contact 104 with the email of contact 101: one merge by email.
 */
class MergeAdminTest {

    private static final String TOKEN = "test-admin-token";

    @TempDir
    Path dir;
    private DaemonHarness h;
    private Daemon daemon;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private void start(String token) throws Exception {
        port = freePort();
        h = new DaemonHarness(dir);
        daemon = h.start(Map.of("isthmus.admin.port", Integer.toString(port), "isthmus.admin.token", token));
        h.poll();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void mergeEndpoints_withoutOrWithAWrongToken_areRefused_andChangeNothing() throws Exception {
        start(TOKEN);
        long id = mergeId();

        assertThat(send("GET", "/admin/merges", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/admin/merges", "Bearer nope").statusCode()).isEqualTo(401);
        assertThat(send("POST", "/admin/merges/" + id + "/unmerge", null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/admin/merges/" + id + "/unmerge", "Bearer nope").statusCode()).isEqualTo(401);

        assertThat(rows("SELECT COUNT(*) FROM buyer")).isEqualTo("3");
        assertThat(rows("SELECT undone_at FROM merge_event")).isEqualTo("null");
    }

    @Test
    void mergeEndpoints_withNoTokenConfigured_refuseEveryRequest() throws Exception {
        start("");

        assertThat(send("GET", "/admin/merges", "Bearer ").statusCode()).isEqualTo(403);
        assertThat(send("POST", "/admin/merges/1/unmerge", "Bearer ").statusCode()).isEqualTo(403);
    }

    @Test
    void list_showsTheMergeWithItsEvidence_andUnmergeRestoresTheBuyer_queuesItForTheCrm_andIsNotRepeated()
            throws Exception {
        start(TOKEN);
        long id = mergeId();

        HttpResponse<String> list = send("GET", "/admin/merges?buyer=alice.martin%40acme.example.com",
                "Bearer " + TOKEN);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Authorization")).isEmpty();
        JsonNode m = json.readTree(list.body()).get(0);
        assertThat(m.path("kind").asText()).isEqualTo("EMAIL");
        assertThat(m.path("rule").asText()).isEqualTo("email");
        assertThat(m.path("evidence").path("fields").get(0).path("field").asText()).isEqualTo("email");
        assertThat(m.path("contributions").path("absorbedLinks").get(0).path("sourceId").asText()).isEqualTo("104");
        assertThat(m.path("inEffect").asBoolean()).isTrue();

        HttpResponse<String> undone = send("POST", "/admin/merges/" + id + "/unmerge?reason=two%20people",
                "Bearer " + TOKEN);
        assertThat(undone.statusCode()).as(undone.body()).isEqualTo(200);
        JsonNode u = json.readTree(undone.body());
        assertThat(u.path("result").asText()).isEqualTo("UNMERGED");
        String restored = u.path("restoredId").asText();
        assertThat(rows("SELECT COUNT(*) FROM buyer")).isEqualTo("4");
        assertThat(rows("SELECT buyer_id FROM source_link WHERE source_id = '104'")).isEqualTo(restored);
        assertThat(rows("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING' AND buyer_id = '" + restored + "'"))
                .isEqualTo("1");
        assertThat(rows("SELECT undone_by || '|' || undo_reason FROM merge_event")).isEqualTo("admin-api|two people");

        HttpResponse<String> again = send("POST", "/admin/merges/" + id + "/unmerge", "Bearer " + TOKEN);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json.readTree(again.body()).path("result").asText()).isEqualTo("ALREADY_UNDONE");
        HttpResponse<String> unknown = send("POST", "/admin/merges/999/unmerge", "Bearer " + TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).path("error").asText())
                .isEqualTo("no merge with id 999 (see: isthmus merges list)");
    }

    @Test
    void cliVerbs_listExplainAndUnmerge_onTheSameStore_andAnUnknownIdIsAClearError() throws Exception {
        start(TOKEN);
        long id = mergeId();
        String survivor = rows("SELECT survivor_id FROM merge_event");
        String absorbed = rows("SELECT absorbed_id FROM merge_event");
        h.stopDaemon();
        Path config = dir.resolve("cli.properties");
        Files.writeString(config, "isthmus.store.url=jdbc:h2:file:" + dir.resolve("isthmus").toAbsolutePath()
                + "\nisthmus.hubspot.enabled=false\nisthmus.salesforce.enabled=false\n");

        String list = cli(0, "merges", "list", "--buyer", "alice.martin@acme.example.com", "--config",
                config.toString());
        assertThat(list).contains(id + "\t").contains("\tEMAIL\temail\t").contains("in effect")
                .contains("\"field\":\"email\"");
        assertThat(cli(0, "explain", "alice.martin@acme.example.com", "--config", config.toString()))
                .contains("Merge history").contains("id=" + id).contains("rule=email");
        assertThat(cli(0, "explain", absorbed, "--config", config.toString()))
                .startsWith("Buyer " + absorbed + " was merged into buyer " + survivor);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(Isthmus.execute(new String[] {"unmerge", "999", "--config", config.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(Isthmus.NOT_FOUND);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("isthmus: no merge with id 999 (see: isthmus merges list)\n");
        assertThat(Isthmus.execute(new String[] {"unmerge", "alice", "--config", config.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(Isthmus.USAGE);

        String undone = cli(0, "unmerge", Long.toString(id), "--reason", "shared inbox", "--config",
                config.toString());
        assertThat(undone).startsWith("merge " + id + " undone: buyer " + survivor + " kept, buyer ")
                .contains("restored with 1 source link(s)");
        assertThat(cli(0, "merges", "list", "--config", config.toString())).contains("undone ").contains(" by cli");
    }

    private String cli(int expected, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Isthmus.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        return out.toString(StandardCharsets.UTF_8);
    }

    private long mergeId() throws Exception {
        return Long.parseLong(rows("SELECT id FROM merge_event"));
    }

    /** The single row of a one-column query. */
    private String rows(String sql) throws Exception {
        java.util.List<String> r = SinkFixture.rows(daemon.database(), sql);
        assertThat(r).hasSize(1);
        return r.get(0);
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(java.time.Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
