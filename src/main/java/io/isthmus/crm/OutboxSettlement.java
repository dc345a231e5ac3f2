package io.isthmus.crm;

import io.isthmus.ops.RecordLog;

import io.isthmus.ops.IsthmusMetrics;
import io.isthmus.store.Database;
import io.isthmus.store.DeadLetterRepository;
import io.isthmus.store.OutboxRepository;
import io.isthmus.store.OutboxRepository.OutboxRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Writes what Salesforce said about each record back to the outbox, in one transaction per call: confirmed rows are
 * marked sent (and remembered for no-op suppression), retriable refusals go back to the outbox, permanent ones to
 * dead letters with Salesforce's code and message. The same rules serve sObject Collections and Bulk API results.
 */
final class OutboxSettlement {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutboxSettlement.class);

    /** What happened to one record. {@code code} and {@code message} are set unless it was confirmed. */
    record Outcome(OutboxRow row, boolean success, String crmId, String code, String message) {
        static Outcome confirmed(OutboxRow row, String crmId) {
            return new Outcome(row, true, crmId, null, null);
        }

        static Outcome refused(OutboxRow row, String code, String message) {
            return new Outcome(row, false, null, code, message);
        }
    }

    /** Counts of one settlement. */
    record Tally(int confirmed, int retried, int rejected) {
    }

    private final Database db;
    private final OutboxRepository outbox;
    private final DeadLetterRepository deadLetters = new DeadLetterRepository();
    private final IsthmusMetrics metrics;
    private final Clock clock;
    private final String owner;
    private final int maxAttempts;
    private final Duration retryBase;
    private final Duration retryMax;

    OutboxSettlement(Database db, OutboxRepository outbox, IsthmusMetrics metrics, Clock clock, String owner,
                     int maxAttempts, Duration retryBase, Duration retryMax) {
        this.retryBase = retryBase;
        this.retryMax = retryMax;
        this.db = db;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
        this.owner = owner;
        this.maxAttempts = maxAttempts;
    }

    Tally settle(List<Outcome> outcomes) {
        Instant now = clock.instant();
        int[] n = new int[3];
        db.inTransaction(c -> {
            for (Outcome o : outcomes) {
                OutboxRow row = o.row();
                if (o.success()) {
                    outbox.markSent(c, row, owner, o.crmId(), now);
                    n[0]++;
                    try (RecordLog.Scope log = RecordLog.buyer(row.buyerId())) {
                        LOG.debug("salesforce sink: {} {} upserted as {}", row.sobject(), row.externalId(), o.crmId());
                    }
                    continue;
                }
                metrics.crmError(o.code());
                if (CrmErrors.isRetriableRecordError(o.code()) && row.attempts() < maxAttempts) {
                    outbox.release(c, row, owner, o.code() + ": " + o.message(), now, notBefore(row, now));
                    n[1]++;
                } else {
                    outbox.markDead(c, row, owner, o.code() + ": " + o.message(), now);
                    deadLetters.add(c, DeadLetterRepository.Kind.CRM_RECORD, "salesforce:" + row.sobject(),
                            Long.toString(row.id()), row.buyerId(), row.payload(), o.code(), o.message(), now);
                    n[2]++;
                    try (RecordLog.Scope log = RecordLog.buyer(row.buyerId())) {
                        LOG.warn("salesforce sink: {} {} refused, {}: {}; sent to dead letters", row.sobject(),
                                row.externalId(), o.code(), o.message());
                    }
                }
            }
            return null;
        });
        metrics.crmRecords("confirmed", n[0]);
        metrics.crmRecords("retried", n[1]);
        metrics.crmRecords("rejected", n[2]);
        metrics.deadLetter("crm", n[2]);
        return new Tally(n[0], n[1], n[2]);
    }

    /** A retried record waits base × 2^(attempts − 1), capped: a locked row is not hammered within one drain. */
    private Instant notBefore(OutboxRow row, Instant now) {
        int shift = Math.min(20, Math.max(0, row.attempts() - 1));
        long millis = Math.min(retryMax.toMillis(), retryBase.toMillis() << shift);
        return now.plusMillis(millis);
    }

    /**
     * The rows' call failed as a whole. {@code counted}: the failure may be the records' (a malformed request, an
     * outage that outlasts maxAttempts) and counts towards dead letters; otherwise (API limit, login) it does not.
     */
    void releaseAll(List<OutboxRow> rows, String why, boolean counted) {
        Instant now = clock.instant();
        int dead = db.inTransaction(c -> {
            int d = 0;
            for (OutboxRow row : rows) {
                if (!counted) {
                    outbox.releaseUncounted(c, row, owner, why, now);
                } else if (row.attempts() >= maxAttempts) {
                    outbox.markDead(c, row, owner, why, now);
                    deadLetters.add(c, DeadLetterRepository.Kind.CRM_RECORD, "salesforce:" + row.sobject(),
                            Long.toString(row.id()), row.buyerId(), row.payload(), "MAX_ATTEMPTS",
                            "gave up after " + row.attempts() + " attempts; last error " + why, now);
                    d++;
                    try (RecordLog.Scope log = RecordLog.buyer(row.buyerId())) {
                        LOG.warn("salesforce sink: {} {} gave up after {} attempts ({}); sent to dead letters",
                                row.sobject(), row.externalId(), row.attempts(), why);
                    }
                } else {
                    outbox.release(c, row, owner, why, now, notBefore(row, now));
                }
            }
            return d;
        });
        metrics.deadLetter("crm", dead);
    }
}
