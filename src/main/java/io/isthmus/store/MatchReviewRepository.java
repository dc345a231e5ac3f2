package io.isthmus.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** Possible matches kept for a person to decide, with the matcher's evidence. */
public final class MatchReviewRepository {

    public void add(Connection c, String buyerId, String candidateId, double weight, String evidence, Instant now)
            throws SQLException {
        Sql.update(c, "INSERT INTO match_review (buyer_id, candidate_id, weight, evidence, status, created_at) "
                + "VALUES (?,?,?,?,'OPEN',?)", buyerId, candidateId, weight, evidence, now);
    }

    public long countOpen(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM match_review WHERE status = 'OPEN'");
    }
}
