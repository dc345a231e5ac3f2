package io.isthmus.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** Possible matches kept for a person to decide, with the matcher's evidence. */
public final class MatchReviewRepository {

    private static final String ADD = "INSERT INTO match_review (buyer_id, candidate_id, weight, evidence, status, "
            + "created_at) VALUES (?,?,?,?,'OPEN',?)";

    public void add(Connection c, String buyerId, String candidateId, double weight, String evidence, Instant now)
            throws SQLException {
        Sql.update(c, ADD, buyerId, candidateId, weight, evidence, now);
    }

    /** Queues the review; reviews keep their order within the batch. */
    public void add(Batch batch, String buyerId, String candidateId, double weight, String evidence, Instant now) {
        batch.add(ADD, buyerId, candidateId, weight, evidence, now);
    }

    public long countOpen(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM match_review WHERE status = 'OPEN'");
    }
}
