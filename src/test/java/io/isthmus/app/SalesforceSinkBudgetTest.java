package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.demo.SalesforceSimulator;
import io.isthmus.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API budget against the in-process Salesforce, whose daily limit is 15,000 calls: with the default 20 % reserve
 * the sink pauses at 12,000 used and makes one call per drain from 10,500 (the 10 % slow-down band).
 */
class SalesforceSinkBudgetTest {

    @TempDir
    Path dir;
    private DaemonHarness h;
    private SalesforceSimulator sf;
    private Daemon daemon;
    private final SettableClock clock = new SettableClock(Instant.now());

    @BeforeEach
    void start() throws Exception {
        sf = new SalesforceSimulator("test-client-id", "test-client-secret", "integration@test.example.com",
                "test-password-and-token");
        h = new DaemonHarness(dir);
        daemon = h.start(Map.of("isthmus.salesforce.loginUrl", sf.baseUrl(), "isthmus.salesforce.batchSize", "10"),
                clock);
        SinkFixture.enqueueMany(daemon.database(), 50, 1);
    }

    @AfterEach
    void stop() {
        h.close();
        sf.close();
    }

    @Test
    void drain_whenUsageReachesTheReserve_pausesBeforeTouchingIt_andResumesWhenUsageFell() throws Exception {
        sf.setApiUsage(11_999);

        h.drain();
        h.drain();
        assertThat(sf.apiCalls()).as("the call that reported 12,000 used is the last").isEqualTo(1);
        assertThat(pending()).isEqualTo(40);
        assertThat(gauge("isthmus_crm_sink_paused")).isEqualTo(1.0);
        assertThat(gauge("isthmus_crm_api_usage")).isEqualTo(12_000.0);

        sf.setApiUsage(3_000);
        clock.advance(Duration.ofMinutes(16));
        h.drain();
        assertThat(sf.apiCalls()).as("one probing call after the pause").isEqualTo(2);
        h.drain();

        assertThat(pending()).isZero();
        assertThat(sf.apiCalls()).isEqualTo(5);
        assertThat(gauge("isthmus_crm_sink_paused")).isEqualTo(0.0);
    }

    @Test
    void drain_inTheSlowdownBand_makesOneCallPerDrain() throws Exception {
        sf.setApiUsage(10_600);

        h.drain();
        h.drain();
        h.drain();

        // The first call learns the usage (10,601: in the band); after it, one call per drain.
        assertThat(sf.apiCalls()).isEqualTo(4);
        assertThat(pending()).isEqualTo(10);
    }

    private long pending() throws Exception {
        return Long.parseLong(SinkFixture.rows(daemon.database(),
                "SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'").get(0));
    }

    private double gauge(String name) {
        return daemon.metrics().registry().get(name).gauge().value();
    }
}
