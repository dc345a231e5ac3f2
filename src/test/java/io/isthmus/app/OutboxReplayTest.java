package io.isthmus.app;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.ops.OutboxReplay;
import io.isthmus.store.OutboxRepository;
import io.isthmus.testing.SettableClock;
import io.isthmus.testing.TestHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A time range of outbox history sent again (issue #9, replay): through the admin endpoint and the CLI verb, against
 * the real daemon, store and WireMock Salesforce.
 */
class OutboxReplayTest {

    private static final String TOKEN = "test-admin-token";
    private static final String UPSERT = "/services/data/v60.0/composite/sobjects/Lead/Isthmus_Buyer_Id__c";
    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(T0);
    private final ObjectMapper json = new ObjectMapper();
    private DaemonHarness h;
    private Daemon daemon;
    private int port;

    private void start() throws Exception {
        port = freePort();
        h = new DaemonHarness(dir);
        daemon = h.start(Map.of("isthmus.admin.port", Integer.toString(port), "isthmus.admin.token", TOKEN), clock);
        h.poll();
        h.drain();
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void replayOfTheSendRange_queuesEachConfirmedLeadOnce_withItsConfirmedValues_andTheNextDrainSendsThem()
            throws Exception {
        start();
        String sent = one("SELECT COUNT(*) FROM outbox WHERE status = 'SENT'");
        int callsBefore = h.salesforce.findAll(patchRequestedFor(urlPathEqualTo(UPSERT))).size();
        assertThat(Integer.parseInt(sent)).isPositive();

        HttpResponse<String> dry = replay("2026-11-20T07:00:00Z", "2026-11-20T09:00:00Z", "&dryRun=true", TOKEN);
        assertThat(dry.statusCode()).isEqualTo(200);
        JsonNode d = json.readTree(dry.body());
        assertThat(d.path("total").asText()).isEqualTo(sent);
        assertThat(d.path("queued").path("Lead").asText()).isEqualTo(sent);
        assertThat(one("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'")).as("a dry run queues nothing")
                .isEqualTo("0");

        HttpResponse<String> real = replay("2026-11-20T07:00:00Z", "2026-11-20T09:00:00Z", "", TOKEN);
        assertThat(json.readTree(real.body()).path("total").asText()).isEqualTo(sent);
        // Each replayed row carries exactly what the CRM last confirmed for its record.
        assertThat(one("SELECT COUNT(*) FROM outbox o JOIN crm_record r ON r.sobject = o.sobject "
                + "AND r.external_id = o.external_id AND r.confirmed_hash = o.payload_hash WHERE o.status = 'PENDING'"))
                .isEqualTo(sent);

        salesforceConfirms(Integer.parseInt(sent));
        h.drain();
        assertThat(one("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'")).isEqualTo("0");
        assertThat(h.salesforce.findAll(patchRequestedFor(urlPathEqualTo(UPSERT)))).hasSize(callsBefore + 1);
    }

    @Test
    void aRangeWithNoSends_queuesNothing_andTheEndpointRefusesWithoutTheTokenOrWithBadTimes() throws Exception {
        start();

        HttpResponse<String> none = replay("2026-11-21T00:00:00Z", "2026-11-22T00:00:00Z", "", TOKEN);
        assertThat(json.readTree(none.body()).path("total").asInt()).isZero();
        assertThat(replay("2026-11-20T07:00:00Z", "2026-11-20T09:00:00Z", "", "nope").statusCode()).isEqualTo(401);
        assertThat(replay("yesterday", "2026-11-20T09:00:00Z", "", TOKEN).statusCode()).isEqualTo(400);
        assertThat(replay("2026-11-20T09:00:00Z", "2026-11-20T07:00:00Z", "", TOKEN).statusCode()).isEqualTo(400);
        assertThat(one("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'")).isEqualTo("0");
    }

    @Test
    void aRecordSentAgainAfterTheRange_isReplayedWithItsNewestValues_andOneWithAQueuedChangeIsLeftToIt()
            throws Exception {
        start();
        OutboxRepository outbox = new OutboxRepository(false);
        // Two Leads confirmed in the range; one of them confirmed again, with newer values, after the range; the
        // other has a newer change waiting to be sent.
        String[] ids = daemon.database().inTransaction(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery(
                    "SELECT external_id FROM outbox WHERE status = 'SENT' ORDER BY id LIMIT 2")) {
                rs.next();
                String a = rs.getString(1);
                rs.next();
                return new String[] {a, rs.getString(1)};
            }
        });
        clock.set(T0.plus(Duration.ofDays(1)));
        daemon.database().inTransaction(c -> {
            outbox.enqueue(c, "b-newer", "Lead", ids[0], "{\"LastName\":\"Newer\"}", clock.instant());
            return null;
        });
        salesforceConfirms(1);
        h.drain();
        daemon.database().inTransaction(c -> outbox.enqueue(c, "b-queued", "Lead", ids[1],
                "{\"LastName\":\"Queued\"}", clock.instant()));

        OutboxReplay.Result r = new OutboxReplay(daemon.database(), outbox, clock)
                .replay(Instant.parse("2026-11-20T07:00:00Z"), Instant.parse("2026-11-20T09:00:00Z"), "Lead", false);

        assertThat(r.alreadyPending()).isEqualTo(1);
        assertThat(one("SELECT payload FROM outbox WHERE status = 'PENDING' AND external_id = '" + ids[0] + "'"))
                .isEqualTo("{\"LastName\":\"Newer\"}");
        assertThat(one("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING' AND external_id = '" + ids[1] + "'"))
                .isEqualTo("1");
        assertThatThrownBy(() -> new OutboxReplay(daemon.database(), outbox, clock).replay(T0, T0, null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void cliVerb_dryRunAndReplay_onTheSameStore() throws Exception {
        start();
        String sent = one("SELECT COUNT(*) FROM outbox WHERE status = 'SENT'");
        h.stopDaemon();
        Path config = dir.resolve("cli.properties");
        Files.writeString(config, "isthmus.store.url=jdbc:h2:file:" + dir.resolve("isthmus").toAbsolutePath()
                + "\nisthmus.hubspot.enabled=false\nisthmus.salesforce.enabled=false\n");

        String dry = cli(0, "replay", "--from", "2026-11-20", "--to", "2026-11-21", "--dry-run",
                "--config", config.toString());
        String real = cli(0, "replay", "--from", "2026-11-20", "--to", "2026-11-21T00:00:00Z", "--object", "Lead",
                "--config", config.toString());
        String bad = cli(Isthmus.USAGE, "replay", "--from", "last week", "--config", config.toString());

        assertThat(dry).startsWith("would queue " + sent + " records").contains("dry run", "Lead\t" + sent);
        assertThat(real).startsWith("queued " + sent + " records").contains("Lead\t" + sent);
        assertThat(bad).isEmpty();
    }

    /** The collections upsert answers success for each of the next call's {@code n} records (updates). */
    private void salesforceConfirms(int n) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            body.append(i > 0 ? "," : "").append("{\"id\":\"00Q5g00000AAAAAEA").append(i + 1)
                    .append("\",\"success\":true,\"errors\":[],\"created\":false}");
        }
        h.salesforce.stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathEqualTo(UPSERT))
                .atPriority(1).willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(body + "]")
                        .withHeader("Sforce-Limit-Info", "api-usage=20/15000")));
    }

    private HttpResponse<String> replay(String from, String to, String extra, String token) throws Exception {
        return TestHttp.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/admin/outbox/replay?from=" + from + "&to=" + to + extra))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private String one(String sql) throws Exception {
        return SinkFixture.rows(daemon.database(), sql).get(0);
    }

    private String cli(int expected, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Isthmus.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
