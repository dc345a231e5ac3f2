package io.isthmus.app;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.isthmus.app.SinkFixture.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-call faults and per-record errors from a WireMock Salesforce; time moves by a settable clock. */
class SalesforceSinkFaultsTest {

    private static final String UPSERT = "/services/data/v60.0/composite/sobjects/Lead/Isthmus_Buyer_Id__c";

    @TempDir
    Path dir;
    private DaemonHarness h;
    private Daemon daemon;
    private final SettableClock clock = new SettableClock(Instant.now());

    private void start(String scenario, Map<String, String> extra) throws Exception {
        h = new DaemonHarness(dir);
        h.salesforceScenario(scenario);
        Map<String, String> settings = new HashMap<>(Map.of("isthmus.salesforce.backoffBase", "1s",
                "isthmus.salesforce.backoffMax", "4s"));
        settings.putAll(extra);
        daemon = h.start(settings, clock);
        SinkFixture.enqueue(daemon.database(), "buyer-1", lead("ann@acme.example.com", "Ann", "Lee", "Acme", null,
                null));
        SinkFixture.enqueue(daemon.database(), "buyer-2", lead("ben@beta.example.com", "Ben", "Bell", "Beta", null,
                null));
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void upsert_whenSessionExpired_reLogsInOnceAndRetriesTheCall() throws Exception {
        start("session-expired-then-ok", Map.of());

        h.drain();

        assertThat(h.salesforce.findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token")))).hasSize(2);
        assertThat(h.salesforce.findAll(patchRequestedFor(urlPathEqualTo(UPSERT)))).hasSize(2);
        assertThat(statuses()).containsExactly("buyer-1|SENT|1", "buyer-2|SENT|1");
    }

    @Test
    void upsert_whenRequestLimitExceeded_pausesKeepsTheOutboxUncounted_andResumesAfterThePause() throws Exception {
        start("request-limit-exceeded-403", Map.of("isthmus.salesforce.limitPause", "15m"));

        h.drain();
        h.drain();
        clock.advance(Duration.ofMinutes(14));
        h.drain();

        assertThat(h.salesforce.findAll(patchRequestedFor(urlPathEqualTo(UPSERT)))).hasSize(1);
        assertThat(statuses()).containsExactly("buyer-1|PENDING|0", "buyer-2|PENDING|0");
        assertThat(gauge("isthmus_crm_sink_paused")).isEqualTo(1.0);
        assertThat(gauge("isthmus_crm_api_usage")).isEqualTo(15000.0);

        h.salesforceScenario("collections-two-created");
        clock.advance(Duration.ofMinutes(2));
        h.drain();

        assertThat(h.salesforce.findAll(patchRequestedFor(urlPathEqualTo(UPSERT)))).hasSize(2);
        assertThat(statuses()).containsExactly("buyer-1|SENT|1", "buyer-2|SENT|1");
        assertThat(gauge("isthmus_crm_sink_paused")).isEqualTo(0.0);
        assertThat(gauge("isthmus_crm_api_usage")).isEqualTo(9100.0);
    }

    @Test
    void upsert_whenServerUnavailable_backsOffThenOpensTheCircuit_andAHalfOpenCallRecovers() throws Exception {
        start("server-unavailable-503", Map.of("isthmus.salesforce.breakerOpenFor", "1m"));

        h.drain();
        h.drain();
        assertThat(patchCalls()).as("no second call inside the backoff").isEqualTo(1);

        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(5));
            h.drain();
        }
        assertThat(patchCalls()).isEqualTo(5);
        assertThat(gauge("isthmus_crm_circuit_open")).isEqualTo(1.0);

        clock.advance(Duration.ofSeconds(5));
        h.drain();
        assertThat(patchCalls()).as("the open circuit lets no call through").isEqualTo(5);
        assertThat(statuses()).containsExactly("buyer-1|PENDING|5", "buyer-2|PENDING|5");

        h.salesforceScenario("collections-two-created");
        clock.advance(Duration.ofMinutes(1));
        h.drain();
        assertThat(patchCalls()).isEqualTo(6);
        assertThat(statuses()).containsExactly("buyer-1|SENT|6", "buyer-2|SENT|6");
        assertThat(gauge("isthmus_crm_circuit_open")).isEqualTo(0.0);
    }

    @Test
    void upsert_whenConnectionReset_keepsTheRowsAndBacksOff() throws Exception {
        start("connection-reset", Map.of());

        h.drain();
        int afterFirst = patchCalls();
        h.drain();

        assertThat(afterFirst).isGreaterThanOrEqualTo(1);
        assertThat(patchCalls()).isEqualTo(afterFirst);
        assertThat(statuses()).containsExactly("buyer-1|PENDING|1", "buyer-2|PENDING|1");
        assertThat(SinkFixture.rows(daemon.database(), "SELECT COUNT(*) FROM dead_letter")).containsExactly("0");
    }

    @Test
    void upsert_whenResponseTimesOut_keepsTheRowsForALaterDrain() throws Exception {
        start("slow-response", Map.of("isthmus.salesforce.requestTimeout", "500ms"));

        h.drain();

        assertThat(statuses()).containsExactly("buyer-1|PENDING|1", "buyer-2|PENDING|1");
        assertThat(SinkFixture.rows(daemon.database(), "SELECT last_error FROM outbox WHERE external_id = 'buyer-1'")
                .get(0)).isNotBlank();
    }

    @Test
    void collectionsResponse_withRecordErrors_deadLettersEachWithItsCode_confirmsTheRest_andRetriesTheLockedRow()
            throws Exception {
        start("collections-per-record-errors", Map.of());
        SinkFixture.enqueue(daemon.database(), "buyer-3", lead("cy@c.example.com", "Cy", "Cole", "gmail", null,
                null));
        SinkFixture.enqueue(daemon.database(), "buyer-4", lead("dora@d.example.com", "Dora", "Diaz", "Delta", null,
                "CTO"));
        SinkFixture.enqueue(daemon.database(), "buyer-5", lead("eve@e.example.com", "Eve", "Eck", "Echo", null,
                null));
        SinkFixture.enqueue(daemon.database(), "buyer-6", lead("fay@f.example.com", "Fay", "Fox", "Fjord", null,
                null));

        h.drain();

        assertThat(statuses()).containsExactly("buyer-1|SENT|1", "buyer-2|DEAD|1", "buyer-3|DEAD|1",
                "buyer-4|DEAD|1", "buyer-5|PENDING|1", "buyer-6|DEAD|1");
        assertThat(SinkFixture.rows(daemon.database(), "SELECT buyer_id, error_code FROM dead_letter ORDER BY id"))
                .containsExactly("buyer-2|DUPLICATE_VALUE", "buyer-3|FIELD_CUSTOM_VALIDATION_EXCEPTION",
                        "buyer-4|INVALID_FIELD", "buyer-6|ENTITY_IS_DELETED");

        clock.advance(Duration.ofSeconds(2));
        h.drain();

        var upserts = h.salesforce.findAll(patchRequestedFor(urlPathEqualTo(UPSERT)));
        assertThat(upserts).hasSize(2);
        assertThat(new ObjectMapper().readTree(upserts.get(1).getBodyAsString()).path("records"))
                .extracting(r -> r.path("Isthmus_Buyer_Id__c").asText()).containsExactly("buyer-5");
        assertThat(statuses()).contains("buyer-5|SENT|2");
    }

    private int patchCalls() {
        return h.salesforce.findAll(patchRequestedFor(urlPathEqualTo(UPSERT))).size();
    }

    private double gauge(String name) {
        return daemon.metrics().registry().get(name).gauge().value();
    }

    private List<String> statuses() throws Exception {
        return SinkFixture.rows(daemon.database(), "SELECT external_id, status, attempts FROM outbox ORDER BY id");
    }
}
