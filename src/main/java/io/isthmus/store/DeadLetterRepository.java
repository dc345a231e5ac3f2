package io.isthmus.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Records that could not be applied or delivered, kept with their raw content and the reason. */
public final class DeadLetterRepository {

    /** What failed. */
    public enum Kind { SOURCE_PAGE, SOURCE_RECORD, CRM_RECORD }

    /**
     * @param attempts     how often the same thing failed the same way (a quarantined page read again); 1 otherwise
     * @param lastSeenAt   when it last failed; null for rows that only failed once before V40
     * @param sourceCursor for a SOURCE_PAGE: the stored cursor the page was read at (null before the first page)
     */
    public record DeadLetter(long id, Kind kind, String origin, String ref, String buyerId, String payload,
                             String errorCode, String errorMessage, String status, Instant createdAt, int attempts,
                             Instant lastSeenAt, String sourceCursor) {
    }

    private static final String SELECT = "SELECT id, kind, origin, ref, buyer_id, payload, error_code, error_message, "
            + "status, created_at, attempts, last_seen_at, source_cursor FROM dead_letter ";

    private static DeadLetter row(java.sql.ResultSet rs) throws SQLException {
        return new DeadLetter(rs.getLong(1), Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                Sql.instant(rs, "created_at"), rs.getInt(11), Sql.instant(rs, "last_seen_at"), rs.getString(13));
    }

    public void add(Connection c, Kind kind, String origin, String ref, String buyerId, String payload,
                    String errorCode, String errorMessage, Instant now) throws SQLException {
        Sql.update(c, "INSERT INTO dead_letter (kind, origin, ref, buyer_id, payload, error_code, error_message, "
                        + "status, created_at) VALUES (?,?,?,?,?,?,?,'OPEN',?)", kind, Sql.fit(origin, 128),
                Sql.fit(ref, 255), buyerId, payload, Sql.fit(errorCode, 128),
                Sql.fit(errorMessage == null ? "(no message)" : errorMessage, 4000), now);
    }

    /**
     * A malformed page of {@code origin} read at the stored cursor {@code cursor} (null before the first page).
     *
     * @param deadLetterId the row that holds the page
     * @param attempts     how often this page was read at this cursor and refused
     * @param firstSeen    when it was first refused
     */
    public record Quarantined(long deadLetterId, int attempts, Instant firstSeen, Instant lastSeen, String cursor,
                              String reason) {
    }

    /**
     * Keeps a malformed source page once: the same source, cursor position and body (by hash) already open only
     * counts one more attempt and when it was last seen; anything else is a new row.
     */
    public Quarantined quarantinePage(Connection c, String origin, String cursor, String raw, String reason,
                                      Instant now) throws SQLException {
        String cursorHash = sha256(cursor == null ? "" : cursor);
        String payloadHash = sha256(raw == null ? "" : raw);
        String message = Sql.fit(reason == null ? "(no message)" : reason, 4000);
        String match = " WHERE kind = 'SOURCE_PAGE' AND status = 'OPEN' AND origin = ? AND cursor_hash = ? "
                + "AND payload_hash = ?";
        int updated = Sql.update(c, "UPDATE dead_letter SET attempts = attempts + 1, last_seen_at = ?, "
                + "error_message = ?" + match, now, message, Sql.fit(origin, 128), cursorHash, payloadHash);
        if (updated == 0) {
            Sql.update(c, "INSERT INTO dead_letter (kind, origin, payload, error_code, error_message, status, "
                            + "created_at, source_cursor, cursor_hash, payload_hash, attempts, last_seen_at) "
                            + "VALUES ('SOURCE_PAGE',?,?,'MALFORMED_PAGE',?,'OPEN',?,?,?,?,1,?)",
                    Sql.fit(origin, 128), raw, message, now, Sql.fit(cursor, 4000), cursorHash, payloadHash, now);
        }
        return Sql.one(c, "SELECT id, attempts, created_at, last_seen_at, source_cursor, error_message "
                + "FROM dead_letter" + match + " ORDER BY id DESC LIMIT 1", rs -> new Quarantined(rs.getLong(1),
                rs.getInt(2), Sql.instant(rs, "created_at"), Sql.instant(rs, "last_seen_at"), rs.getString(5),
                rs.getString(6)), Sql.fit(origin, 128), cursorHash, payloadHash).orElseThrow();
    }

    /** The newest open quarantined page of {@code origin} read at {@code cursor}, if the source is stuck on one. */
    public java.util.Optional<Quarantined> openQuarantine(Connection c, String origin, String cursor)
            throws SQLException {
        return Sql.one(c, "SELECT id, attempts, created_at, last_seen_at, source_cursor, error_message "
                + "FROM dead_letter WHERE kind = 'SOURCE_PAGE' AND status = 'OPEN' AND origin = ? AND cursor_hash = ? "
                + "ORDER BY last_seen_at DESC, id DESC LIMIT 1", rs -> new Quarantined(rs.getLong(1), rs.getInt(2),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "last_seen_at"), rs.getString(5), rs.getString(6)),
                Sql.fit(origin, 128), sha256(cursor == null ? "" : cursor));
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    public List<DeadLetter> open(Connection c, int limit) throws SQLException {
        return Sql.query(c, SELECT + "WHERE status = 'OPEN' ORDER BY id LIMIT ?", DeadLetterRepository::row, limit);
    }

    /** Dead letters of any status, newest first; {@code status} null for all. */
    public List<DeadLetter> list(Connection c, String status, int limit) throws SQLException {
        return Sql.query(c, SELECT + "WHERE (CAST(? AS VARCHAR(16)) IS NULL OR status = ?) ORDER BY id DESC LIMIT ?",
                DeadLetterRepository::row, status, status, limit);
    }

    public java.util.Optional<DeadLetter> find(Connection c, long id) throws SQLException {
        return Sql.one(c, SELECT + "WHERE id = ?", DeadLetterRepository::row, id);
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
