package io.isthmus.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Merges with their evidence and contributions, and whether (and by whom) each was undone. */
public final class MergeEventRepository {

    /** How two sides came to be one buyer. */
    public enum Kind {
        /** Same normalized email: a new source contact, or two existing buyers. */
        EMAIL,
        /** The matcher's MERGE outcome for a contact no exact key resolved. */
        PROBABILISTIC,
        /** The source system merged the records itself (Marketo merge leads, HubSpot merged contacts). */
        SOURCE_MERGE
    }

    /**
     * One stored merge.
     *
     * @param weight        total match weight in bits; null for deterministic rules
     * @param threshold     the configured merge threshold the weight was held against; null for deterministic rules
     * @param evidence      JSON: rule, outcome, per-field comparator levels and weights (or the shared key)
     * @param contributions JSON: what each side held before the merge (see {@code pipeline.MergeLineage})
     * @param undoneAt      null while the merge is in effect
     */
    public record MergeEventRow(long id, Kind kind, String rule, String survivorId, String absorbedId, Double weight,
                                Double threshold, String evidence, String contributions, String source, String actor,
                                Instant mergedAt, Instant undoneAt, String undoneBy, String undoReason) {

        public boolean inEffect() {
            return undoneAt == null;
        }
    }

    private static final String COLUMNS = "id, kind, match_rule, survivor_id, absorbed_id, weight, threshold, evidence, "
            + "contributions, source, actor, merged_at, undone_at, undone_by, undo_reason";

    /** Stores the merge and returns its id. */
    public long insert(Connection c, Kind kind, String rule, String survivorId, String absorbedId, Double weight,
                       Double threshold, String evidence, String contributions, String source, String actor,
                       Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO merge_event (kind, match_rule, survivor_id, "
                + "absorbed_id, weight, threshold, evidence, contributions, source, actor, merged_at) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?)", new String[] {"id"})) {
            Sql.bind(ps, kind, Sql.fit(rule, 128), survivorId, absorbedId, finite(weight), threshold, evidence,
                    contributions, Sql.fit(source, 128), Sql.fit(actor, 128), at);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("merge_event insert returned no id");
                }
                return keys.getLong(1);
            }
        }
    }

    public Optional<MergeEventRow> find(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM merge_event WHERE id = ?", MergeEventRepository::map, id);
    }

    /** Newest first; {@code buyerId} null for every buyer, else merges where it survived or was absorbed. */
    public List<MergeEventRow> list(Connection c, String buyerId, int limit) throws SQLException {
        if (buyerId == null) {
            return Sql.query(c, "SELECT " + COLUMNS + " FROM merge_event ORDER BY id DESC LIMIT ?",
                    MergeEventRepository::map, limit);
        }
        return Sql.query(c, "SELECT " + COLUMNS + " FROM merge_event WHERE survivor_id = ? OR absorbed_id = ? "
                + "ORDER BY id DESC LIMIT ?", MergeEventRepository::map, buyerId, buyerId, limit);
    }

    /** The merge in effect that absorbed {@code buyerId}, if any. */
    public Optional<MergeEventRow> absorbing(Connection c, String buyerId) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM merge_event WHERE absorbed_id = ? AND undone_at IS NULL "
                + "ORDER BY id DESC", MergeEventRepository::map, buyerId);
    }

    /** Merges in effect into {@code survivorId} made after merge {@code afterId}, newest first. */
    public List<MergeEventRow> laterInto(Connection c, String survivorId, long afterId) throws SQLException {
        return Sql.query(c, "SELECT " + COLUMNS + " FROM merge_event WHERE survivor_id = ? AND id > ? "
                + "AND undone_at IS NULL ORDER BY id DESC", MergeEventRepository::map, survivorId, afterId);
    }

    /** True when a person undid a merge of these two buyers: they are not merged automatically again. */
    public boolean undoneBetween(Connection c, String a, String b) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM merge_event WHERE undone_at IS NOT NULL AND ((survivor_id = ? "
                + "AND absorbed_id = ?) OR (survivor_id = ? AND absorbed_id = ?))", a, b, b, a) > 0;
    }

    /** Marks the merge undone; false when it was undone already (by someone else meanwhile). */
    public boolean markUndone(Connection c, long id, String by, String reason, Instant at) throws SQLException {
        return Sql.update(c, "UPDATE merge_event SET undone_at = ?, undone_by = ?, undo_reason = ? "
                + "WHERE id = ? AND undone_at IS NULL", at, Sql.fit(by, 128), Sql.fit(reason, 1000), id) == 1;
    }

    private static Double finite(Double w) {
        return w == null || w.isInfinite() || w.isNaN() ? null : w;
    }

    private static MergeEventRow map(ResultSet rs) throws SQLException {
        double w = rs.getDouble("weight");
        Double weight = rs.wasNull() ? null : w;
        double t = rs.getDouble("threshold");
        Double threshold = rs.wasNull() ? null : t;
        return new MergeEventRow(rs.getLong("id"), Kind.valueOf(rs.getString("kind")), rs.getString("match_rule"),
                rs.getString("survivor_id"), rs.getString("absorbed_id"), weight, threshold, rs.getString("evidence"),
                rs.getString("contributions"), rs.getString("source"), rs.getString("actor"),
                Sql.instant(rs, "merged_at"), Sql.instant(rs, "undone_at"), rs.getString("undone_by"),
                rs.getString("undo_reason"));
    }
}
