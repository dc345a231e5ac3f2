package io.isthmus.ops;

import io.isthmus.store.Database;
import io.isthmus.store.OutboxRepository;
import io.isthmus.store.OutboxRepository.Confirmed;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends a time range of outbox history to the CRM again, after something outside isthmus undid it (a CRM flow that
 * blanked fields, a restore from backup, records deleted by mistake). Each record confirmed in the range is queued
 * once, with the newest values the CRM confirmed for it; a record with a newer change already queued is left to
 * that change. Shared by the {@code replay} verb and the admin endpoint.
 */
public final class OutboxReplay {

    /** What a replay queued (or, in a dry run, would queue), per sObject type, and what it left to newer changes. */
    public record Result(Instant from, Instant to, Map<String, Integer> queued, int alreadyPending, boolean dryRun) {

        public int total() {
            return queued.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final Database db;
    private final OutboxRepository outbox;
    private final Clock clock;

    public OutboxReplay(Database db, OutboxRepository outbox, Clock clock) {
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * @param sobject one sObject type, or null for all
     * @param dryRun  count only; queue nothing
     */
    public Result replay(Instant from, Instant to, String sobject, boolean dryRun) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the range is empty: from " + from + " is not before to " + to);
        }
        return db.inTransaction(c -> {
            List<Confirmed> records = outbox.confirmedBetween(c, from, to, sobject);
            List<Confirmed> toQueue = records.stream().filter(r -> !r.pending()).toList();
            Map<String, Integer> perObject = new TreeMap<>();
            toQueue.forEach(r -> perObject.merge(r.sobject(), 1, Integer::sum));
            if (!dryRun) {
                outbox.requeueConfirmed(c, toQueue, clock.instant());
            }
            return new Result(from, to, perObject, records.size() - toQueue.size(), dryRun);
        });
    }
}
