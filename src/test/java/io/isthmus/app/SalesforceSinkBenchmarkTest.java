package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.demo.SalesforceSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures of docs/BENCHMARKS.md ("Salesforce sink"): calls the in-process Salesforce (WireMock) received per
 * 1,000 changed records, per 1,000 unchanged records and per 100,000 records above the bulk threshold, and the sink's
 * throughput. The targets are asserted; the measured figures are written to target/benchmarks/salesforce-sink.md.
 */
class SalesforceSinkBenchmarkTest {

    @TempDir
    Path dir;
    private DaemonHarness h;
    private SalesforceSimulator sf;
    private Daemon daemon;
    private final List<String> report = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sf = new SalesforceSimulator("test-client-id", "test-client-secret", "integration@test.example.com",
                "test-password-and-token");
        h = new DaemonHarness(dir);
        daemon = h.start(Map.of("isthmus.salesforce.loginUrl", sf.baseUrl()));
    }

    @AfterEach
    void stop() throws IOException {
        h.close();
        sf.close();
        if (!report.isEmpty()) {
            Path out = Path.of("target/benchmarks/salesforce-sink.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, String.join("\n", report) + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            report.forEach(System.out::println);
        }
    }

    @Test
    void thousandChangedRecords_takeAtMostSixCalls_andThousandUnchangedRecordsTakeNone() throws Exception {
        assertThat(SinkFixture.enqueueMany(daemon.database(), 1000, 1)).isEqualTo(1000);
        int before = sf.apiCalls();
        long t0 = System.nanoTime();
        drainUntilEmpty();
        double seconds = (System.nanoTime() - t0) / 1e9;
        int changedCalls = sf.apiCalls() - before;

        int queuedAgain = SinkFixture.enqueueMany(daemon.database(), 1000, 1);
        int beforeUnchanged = sf.apiCalls();
        h.drain();
        int unchangedCalls = sf.apiCalls() - beforeUnchanged;

        assertThat(changedCalls).isLessThanOrEqualTo(6);
        assertThat(queuedAgain).isZero();
        assertThat(unchangedCalls).isZero();
        assertThat(sf.leads()).hasSize(1000);
        assertThat(SinkFixture.rows(daemon.database(), "SELECT COUNT(*) FROM outbox WHERE status = 'SENT'"))
                .containsExactly("1000");
        report.add(String.format("| 1,000 changed records (collections) | %d calls | %.0f records/s |",
                changedCalls, 1000 / seconds));
        report.add(String.format("| 1,000 unchanged records | %d calls | - |", unchangedCalls));
    }

    @Test
    void hundredThousandRecordsAboveTheBulkThreshold_takeAtMostTwentyCalls() throws Exception {
        assertThat(SinkFixture.enqueueMany(daemon.database(), 100_000, 1)).isEqualTo(100_000);
        int before = sf.apiCalls();
        long t0 = System.nanoTime();
        drainUntilEmpty();
        double seconds = (System.nanoTime() - t0) / 1e9;
        int calls = sf.apiCalls() - before;

        assertThat(calls).isLessThanOrEqualTo(20);
        assertThat(sf.bulkCalls()).isEqualTo(calls);
        assertThat(sf.leads()).hasSize(100_000);
        assertThat(SinkFixture.rows(daemon.database(), "SELECT COUNT(*) FROM outbox WHERE status = 'SENT'"))
                .containsExactly("100000");
        report.add(String.format("| 100,000 changed records (Bulk API 2.0) | %d calls | %.0f records/s |", calls,
                100_000 / seconds));
    }

    /** Drains as the timer would, until nothing is pending (a bulk job needs a second drain to be polled again). */
    private void drainUntilEmpty() throws Exception {
        for (int i = 0; i < 20; i++) {
            h.drain();
            if (SinkFixture.rows(daemon.database(), "SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'")
                    .equals(List.of("0"))) {
                return;
            }
        }
        throw new AssertionError("outbox not drained after 20 drains");
    }
}
