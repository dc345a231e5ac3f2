package io.isthmus.source;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a source's first full load, measured on the source's own clock: the load reads from
 * {@code from} to {@code to} in time order, so the position of the last record read says how much is done, and
 * the pace so far says how long the rest will take. Vendors give no totals for these feeds (Marketo, Matomo),
 * so time covered is the honest measure. Logged at most every {@code LOG_EVERY} and exported as gauges.
 */
public final class BackfillProgress {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillProgress.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);

    /** @param etaSeconds -1 when not known yet */
    public record Snapshot(boolean running, long records, double recordsPerSecond, double fractionDone,
                           long etaSeconds) {
        public static final Snapshot IDLE = new Snapshot(false, 0, 0, 0, -1);
    }

    private final String source;
    private Instant from;
    private Instant to;
    private Instant startedAt;
    private Instant loggedAt;
    private long records;
    private volatile Snapshot last = Snapshot.IDLE;

    public BackfillProgress(String source) {
        this.source = source;
    }

    /** Starts (or, after a restart, resumes) measuring a backfill of the time range [from, to]. */
    public synchronized void start(Instant from, Instant to, Instant now) {
        if (startedAt != null && this.to != null && this.to.equals(to)) {
            return;
        }
        this.from = from;
        this.to = to;
        this.startedAt = now;
        this.loggedAt = null;
        this.records = 0;
        LOG.info("source={} backfill started: reading everything from {} to {}", source, from, to);
    }

    /** Adds a page of {@code n} records whose latest timestamp is {@code position} (null: unknown). */
    public synchronized Snapshot page(int n, Instant position, Instant now) {
        if (startedAt == null) {
            return last;
        }
        records += n;
        double seconds = Math.max(0.001, Duration.between(startedAt, now).toMillis() / 1000.0);
        double rate = records / seconds;
        double fraction = last.fractionDone;
        long eta = -1;
        if (position != null && to.isAfter(from)) {
            fraction = Math.min(1.0, Math.max(0.0, (double) Duration.between(from, position).toMillis()
                    / Duration.between(from, to).toMillis()));
            if (fraction > 0) {
                eta = Math.round(seconds * (1 - fraction) / fraction);
            }
        }
        last = new Snapshot(true, records, rate, fraction, eta);
        if (loggedAt == null || !now.isBefore(loggedAt.plus(LOG_EVERY))) {
            loggedAt = now;
            LOG.info("source={} backfill: {} records, {}/s, {}% of the time range, {}", source, records,
                    String.format(java.util.Locale.ROOT, "%.1f", rate),
                    Math.round(fraction * 100), eta < 0 ? "time left unknown" : "about " + eta + "s left");
        }
        return last;
    }

    public synchronized void finish(Instant now) {
        if (startedAt != null) {
            LOG.info("source={} backfill finished: {} records in {}s", source, records,
                    Duration.between(startedAt, now).toSeconds());
        }
        startedAt = null;
        last = new Snapshot(false, records, last.recordsPerSecond, 1.0, 0);
    }

    public Snapshot snapshot() {
        return last;
    }
}
