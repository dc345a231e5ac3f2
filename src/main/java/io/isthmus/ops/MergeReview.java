package io.isthmus.ops;

import io.isthmus.pipeline.BuyerUnmerges;
import io.isthmus.pipeline.LeadPublisher;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.Database;
import io.isthmus.store.MergeEventRepository;
import io.isthmus.store.MergeEventRepository.MergeEventRow;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What operators do with merges, shared by the CLI verbs and the admin endpoint: list them with their evidence, and
 * undo one. An unmerge re-scores and re-stages both buyers and queues both for the CRM in the same transaction.
 */
public final class MergeReview {

    private final Database db;
    private final LeadPublisher publisher;
    private final BuyerUnmerges unmerges;
    private final Clock clock;
    private final MergeEventRepository events = new MergeEventRepository();
    private final BuyerRepository buyers = new BuyerRepository();

    public MergeReview(Database db, LeadPublisher publisher, BuyerUnmerges unmerges, Clock clock) {
        this.db = db;
        this.publisher = publisher;
        this.unmerges = unmerges;
        this.clock = clock;
    }

    /** Newest first; {@code buyer} (an id or an email) null or blank for all. */
    public List<MergeEventRow> list(String buyer, int limit) {
        return db.inTransaction(c -> {
            String id = null;
            if (buyer != null && !buyer.isBlank()) {
                String key = buyer.strip();
                id = buyers.findByEmail(c, key.toLowerCase(Locale.ROOT)).map(b -> b.id()).orElse(key);
            }
            return events.list(c, id, limit);
        });
    }

    /**
     * Undoes the merge.
     *
     * @throws BuyerUnmerges.Refused unknown id, undone already, or later merges to undo first
     */
    public BuyerUnmerges.Unmerged unmerge(long mergeId, String actor, String reason) {
        BuyerUnmerges.Unmerged u = db.inTransaction(c -> {
            Instant now = clock.instant();
            BuyerUnmerges.Unmerged done = unmerges.unmerge(c, mergeId, actor, reason, now);
            publisher.publish(c, done.survivorId(), now);
            publisher.publish(c, done.restoredId(), now);
            return done;
        });
        db.inTransaction(c -> {
            unmerges.refile(c, u);
            return null;
        });
        return u;
    }
}
