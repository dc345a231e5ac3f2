package io.isthmus.ops;

import io.isthmus.pipeline.PageResult;
import io.isthmus.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The isthmus metrics, exported in Prometheus format at /observe/metrics. Store-derived gauges (buyers, outbox
 * depth, open dead letters) are read in one query at most every few seconds, however often they are scraped.
 */
public final class IsthmusMetrics {

    private static final Duration GAUGE_TTL = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final Database db;
    private final Clock clock;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(new Snapshot(Instant.EPOCH, 0, 0, 0));

    private record Snapshot(Instant at, long buyers, long outboxDepth, long deadLetters) {
    }

    public IsthmusMetrics(MeterRegistry registry, Database db, Clock clock) {
        this.registry = registry;
        this.db = db;
        this.clock = clock;
        Gauge.builder("isthmus_buyers", this, m -> m.current().buyers)
                .description("Buyers in the store").register(registry);
        Gauge.builder("isthmus_outbox_depth", this, m -> m.current().outboxDepth)
                .description("Outbox rows waiting for the CRM").register(registry);
        Gauge.builder("isthmus_dead_letters_open", this, m -> m.current().deadLetters)
                .description("Dead letters not yet retried or discarded").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void sourcePage(PageResult r) {
        counter("isthmus_source_records_polled_total", "Records read from a source", "source", r.source())
                .increment(r.records());
        counter("isthmus_source_pages_total", "Pages applied from a source", "source", r.source()).increment();
        counter("isthmus_buyers_new_total", "Buyers created", "source", r.source()).increment(r.created());
        counter("isthmus_buyers_joined_total", "Source contacts joined to an existing buyer", "source", r.source())
                .increment(r.merged());
        deadLetter("source", r.deadLettered());
    }

    public void quarantinedPage(String source) {
        counter("isthmus_source_pages_quarantined_total", "Malformed pages kept aside", "source", source)
                .increment();
        deadLetter("source", 1);
    }

    /** The store failed a source's read or write (the route's error policy retries it; not the vendor's fault). */
    public void sourceStoreFailure(String source) {
        counter("isthmus_source_store_failures_total", "Store reads or writes of a source poll that failed",
                "source", source).increment();
    }

    public void crmCall(String operation, String outcome) {
        Counter.builder("isthmus_crm_calls_total").description("Calls made to the CRM")
                .tag("operation", operation).tag("outcome", outcome).register(registry).increment();
    }

    public void crmError(String code) {
        counter("isthmus_crm_errors_total", "CRM errors by code (per call or per record)", "code", code)
                .increment();
    }

    public void crmRecords(String outcome, int n) {
        counter("isthmus_crm_records_total", "Records the CRM confirmed or refused", "outcome", outcome)
                .increment(n);
    }

    public void deadLetter(String stage, int n) {
        counter("isthmus_dead_letters_total", "Records sent to dead letters", "stage", stage).increment(n);
    }

    private Counter counter(String name, String description, String tag, String value) {
        return Counter.builder(name).description(description).tag(tag, value).register(registry);
    }

    private Snapshot current() {
        Snapshot s = snapshot.get();
        Instant now = clock.instant();
        if (Duration.between(s.at, now).compareTo(GAUGE_TTL) < 0) {
            return s;
        }
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT (SELECT COUNT(*) FROM buyer), "
                     + "(SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'), "
                     + "(SELECT COUNT(*) FROM dead_letter WHERE status = 'OPEN')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            Snapshot fresh = new Snapshot(now, rs.getLong(1), rs.getLong(2), rs.getLong(3));
            c.rollback();
            snapshot.set(fresh);
            return fresh;
        } catch (SQLException e) {
            // An unreachable store shows in readiness; the gauges keep their last values meanwhile.
            return s;
        }
    }
}
