package io.isthmus.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the outbox rows claimed by a process that died back, long before their lease ends: at start, the claims of
 * this instance's earlier run; in a cluster, also the claims of other instances that died. Who is
 * alive is what Quartz's clustered job store records ({@code qrtz_scheduler_state}: each instance's last check-in
 * and interval); an instance is dead by Quartz's own rule, silent for its check-in interval plus 7.5 s. A claim is
 * released only when it is also older than that, so an instance that has just started and not yet checked in keeps
 * its rows. A released row is sent again by another instance: harmless, every CRM write is an upsert by external id.
 */
public final class OrphanedClaims {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedClaims.class);
    /** Quartz adds 7.5 s to an instance's check-in interval before it declares the instance dead. */
    public static final long FAILURE_GRACE_MILLIS = 7_500;
    /** The Quartz scheduler name every instance of the cluster shares. */
    public static final String SCHEDULER_NAME = "isthmus";

    private final Database db;
    private final Clock clock;
    private final Duration checkinInterval;

    public OrphanedClaims(Database db, Clock clock, Duration checkinInterval) {
        this.db = db;
        this.clock = clock;
        this.checkinInterval = checkinInterval;
    }

    /**
     * At start: releases the claims an earlier run of this instance left when it was killed, which would otherwise
     * wait out their lease. With {@code owner} null every claim is released: right for an embedded H2 store, which
     * only one process can open, so every claim in it belongs to a process that is gone.
     */
    public int releaseLeftOver(String owner) {
        Instant now = clock.instant();
        int released = db.inTransaction(c -> owner == null
                ? Sql.update(c, "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL, updated_at = ? "
                        + "WHERE status = 'PENDING' AND claimed_by IS NOT NULL", now)
                : Sql.update(c, "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL, updated_at = ? "
                        + "WHERE status = 'PENDING' AND claimed_by = ?", now, owner));
        if (released > 0) {
            LOG.warn("outbox: released {} rows claimed by an earlier run that stopped without settling them",
                    released);
        }
        return released;
    }

    /** Releases the claims of dead instances; returns how many rows went back. */
    public int release() {
        Instant now = clock.instant();
        long nowMillis = now.toEpochMilli();
        Instant claimedBefore = now.minus(checkinInterval).minusMillis(FAILURE_GRACE_MILLIS);
        int released = db.inTransaction(c -> Sql.update(c, "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL, "
                + "last_error = ?, updated_at = ? WHERE status = 'PENDING' AND claimed_by IS NOT NULL "
                + "AND updated_at < ? AND claimed_by NOT IN (SELECT instance_name FROM qrtz_scheduler_state "
                + "WHERE sched_name = ? AND last_checkin_time + checkin_interval + ? >= ?)",
                "released: the instance that claimed it stopped checking in", now, claimedBefore,
                SCHEDULER_NAME, FAILURE_GRACE_MILLIS, nowMillis));
        if (released > 0) {
            LOG.warn("cluster: released {} outbox rows claimed by instances that stopped checking in", released);
        }
        return released;
    }
}
