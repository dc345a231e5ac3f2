package io.isthmus.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Which buyer each source record feeds. */
public final class SourceLinkRepository {

    /** One source record of a buyer. */
    public record Link(String system, String sourceId, Instant modifiedAt, Instant linkedAt) {

        public String key() {
            return system + ":" + sourceId;
        }
    }

    public java.util.List<Link> forBuyer(Connection c, String buyerId) throws SQLException {
        return Sql.query(c, "SELECT system, source_id, source_modified_at, linked_at FROM source_link "
                + "WHERE buyer_id = ? ORDER BY system, source_id", rs -> new Link(rs.getString(1), rs.getString(2),
                Sql.instant(rs, "source_modified_at"), Sql.instant(rs, "linked_at")), buyerId);
    }

    /** Moves a source record to another buyer (a merge or an unmerge), keeping its times. */
    public boolean move(Connection c, String system, String sourceId, String fromBuyerId, String toBuyerId)
            throws SQLException {
        return Sql.update(c, "UPDATE source_link SET buyer_id = ? WHERE system = ? AND source_id = ? "
                + "AND buyer_id = ?", toBuyerId, system, sourceId, fromBuyerId) == 1;
    }

    public Optional<String> buyerFor(Connection c, String system, String sourceId) throws SQLException {
        return Sql.one(c, "SELECT buyer_id FROM source_link WHERE system = ? AND source_id = ?",
                rs -> rs.getString(1), system, sourceId);
    }

    /** The newest source modification time among the buyer's other source records, or null when none. */
    public java.time.Instant newestOtherModified(Connection c, String buyerId, String system, String sourceId)
            throws SQLException {
        return Sql.one(c, "SELECT MAX(source_modified_at) FROM source_link WHERE buyer_id = ? "
                + "AND NOT (system = ? AND source_id = ?)", rs -> { java.sql.Timestamp t = rs.getTimestamp(1); return t == null ? null : t.toInstant(); }, buyerId, system, sourceId)
                .orElse(null);
    }

    /** Links (or re-links) the source record to {@code buyerId}. */
    public void link(Connection c, String system, String sourceId, String buyerId, Instant modifiedAt, Instant now)
            throws SQLException {
        int n = Sql.update(c, "UPDATE source_link SET buyer_id = ?, source_modified_at = ? "
                + "WHERE system = ? AND source_id = ?", buyerId, modifiedAt, system, sourceId);
        if (n == 0) {
            Sql.update(c, "INSERT INTO source_link (system, source_id, buyer_id, source_modified_at, linked_at) "
                    + "VALUES (?,?,?,?,?)", system, sourceId, buyerId, modifiedAt, now);
        }
    }
}
