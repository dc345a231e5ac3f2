package io.isthmus.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Records that could not be applied or delivered, kept with their raw content and the reason. */
public final class DeadLetterRepository {

    /** What failed. */
    public enum Kind { SOURCE_PAGE, SOURCE_RECORD, CRM_RECORD }

    public record DeadLetter(long id, Kind kind, String origin, String ref, String buyerId, String payload,
                             String errorCode, String errorMessage, String status, Instant createdAt) {
    }

    public void add(Connection c, Kind kind, String origin, String ref, String buyerId, String payload,
                    String errorCode, String errorMessage, Instant now) throws SQLException {
        Sql.update(c, "INSERT INTO dead_letter (kind, origin, ref, buyer_id, payload, error_code, error_message, "
                        + "status, created_at) VALUES (?,?,?,?,?,?,?,'OPEN',?)", kind, Sql.fit(origin, 128),
                Sql.fit(ref, 255), buyerId, payload, Sql.fit(errorCode, 128),
                Sql.fit(errorMessage == null ? "(no message)" : errorMessage, 4000), now);
    }

    public List<DeadLetter> open(Connection c, int limit) throws SQLException {
        return Sql.query(c, "SELECT id, kind, origin, ref, buyer_id, payload, error_code, error_message, status, "
                + "created_at FROM dead_letter WHERE status = 'OPEN' ORDER BY id LIMIT ?", rs -> new DeadLetter(
                rs.getLong(1), Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                Sql.instant(rs, "created_at")), limit);
    }

    /** Dead letters of any status, newest first; {@code status} null for all. */
    public List<DeadLetter> list(Connection c, String status, int limit) throws SQLException {
        return Sql.query(c, "SELECT id, kind, origin, ref, buyer_id, payload, error_code, error_message, status, "
                + "created_at FROM dead_letter WHERE (CAST(? AS VARCHAR(16)) IS NULL OR status = ?) "
                + "ORDER BY id DESC LIMIT ?", rs -> new DeadLetter(rs.getLong(1), Kind.valueOf(rs.getString(2)),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getString(9), Sql.instant(rs, "created_at")), status, status, limit);
    }

    public java.util.Optional<DeadLetter> find(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT id, kind, origin, ref, buyer_id, payload, error_code, error_message, status, "
                + "created_at FROM dead_letter WHERE id = ?", rs -> new DeadLetter(rs.getLong(1),
                Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), Sql.instant(rs, "created_at")), id);
    }

    /** Closes an open dead letter with {@code status} (RETRIED, DISCARDED, SUPERSEDED); false if it was not open. */
    public boolean resolve(Connection c, long id, String status, String by, Instant now) throws SQLException {
        return Sql.update(c, "UPDATE dead_letter SET status = ?, resolved_at = ?, resolved_by = ? "
                + "WHERE id = ? AND status = 'OPEN'", status, now, Sql.fit(by, 128), id) == 1;
    }

    public long countOpen(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM dead_letter WHERE status = 'OPEN'");
    }

    public long countOpen(Connection c, Kind kind) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM dead_letter WHERE status = 'OPEN' AND kind = ?", kind);
    }
}
