package io.isthmus.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Which buyer each source record feeds. */
public final class SourceLinkRepository {

    /** Source ids read as numbers by {@link #numericIdsBetween}: no sign, no leading zero, at most 18 digits. */
    private static final Pattern NUMERIC_ID = Pattern.compile("[1-9]\\d{0,17}");
    private static final int MAX_NUMERIC_DIGITS = 18;

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

    /** The buyer of each source record of one system that has one, for a page's look-ups in one query. */
    public Map<String, String> buyersFor(Connection c, String system, Collection<String> sourceIds)
            throws SQLException {
        Map<String, String> out = new HashMap<>();
        List<String> all = new ArrayList<>(sourceIds);
        for (int i = 0; i < all.size(); i += BuyerRepository.IN_CHUNK) {
            List<String> part = all.subList(i, Math.min(all.size(), i + BuyerRepository.IN_CHUNK));
            // Row values, not "system = ? AND source_id IN (…)": H2 then scans every link of the system.
            for (String[] row : Sql.query(c, "SELECT source_id, buyer_id FROM source_link WHERE (system, source_id) "
                    + "IN " + Sql.pairMarkers(part.size()), rs -> new String[] {rs.getString(1), rs.getString(2)},
                    Sql.pairs(system, part))) {
                out.put(row[0], row[1]);
            }
        }
        return out;
    }

    /** A source record of a buyer and when the source last modified it. */
    /** Queues a new link; the buyer must be inserted first (the batch of buyers is flushed before this one). */
    public void insert(Batch batch, String system, String sourceId, String buyerId, Instant modifiedAt,
                       Instant now) {
        batch.add("INSERT INTO source_link (system, source_id, buyer_id, source_modified_at, linked_at) "
                + "VALUES (?,?,?,?,?)", system, sourceId, buyerId, modifiedAt, now);
    }

    /** Queues the re-link of an existing link. */
    public void update(Batch batch, String system, String sourceId, String buyerId, Instant modifiedAt) {
        batch.add("UPDATE source_link SET buyer_id = ?, source_modified_at = ? WHERE system = ? AND source_id = ?",
                buyerId, modifiedAt, system, sourceId);
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

    /** Removes a source record's link (the source no longer holds it); true when there was one. */
    public boolean unlink(Connection c, String system, String sourceId) throws SQLException {
        return Sql.update(c, "DELETE FROM source_link WHERE system = ? AND source_id = ?", system, sourceId) == 1;
    }

    /**
     * The numeric source ids of {@code system} in ({@code afterId}, {@code upTo}] linked before {@code linkedBefore},
     * ascending. Ids are compared as numbers (the column is text). Among digit strings of one length, text order is
     * numeric order, so each length the range holds is read as a range of the primary key (system, source_id):
     * a page of the reconciliation reads about its own ids, not every link of the system. Lengths strictly between
     * the range's first and last are read in one pass (a range crossing a power of ten, or the last page's open end).
     * Rows a text range lets through that are not in the numeric range (longer ids sharing a prefix) are dropped
     * while reading, so only the range is held in memory.
     */
    public List<Long> numericIdsBetween(Connection c, String system, long afterId, long upTo, Instant linkedBefore)
            throws SQLException {
        List<Long> out = new ArrayList<>();
        if (upTo <= afterId) {
            return out;
        }
        int firstLength = Long.toString(afterId + 1).length();
        // Ids longer than 18 digits are not read as numbers (see NUMERIC_ID), so an open end stops at 18 digits.
        int lastLength = Math.min(Long.toString(upTo).length(), MAX_NUMERIC_DIGITS);
        if (firstLength > lastLength) {
            return out;
        }
        String textRange = "SELECT source_id FROM source_link WHERE system = ? AND linked_at < ? "
                + "AND source_id >= ? AND source_id <= ? AND CHAR_LENGTH(source_id) = ?";
        String lo = Long.toString(afterId + 1);
        String hi = lastLength == firstLength ? Long.toString(Math.min(upTo, maxOfLength(firstLength)))
                : Long.toString(maxOfLength(firstLength));
        readIds(c, textRange, out, afterId, upTo, system, linkedBefore, lo, hi, firstLength);
        if (lastLength - firstLength >= 2) {
            readIds(c, "SELECT source_id FROM source_link WHERE system = ? AND linked_at < ? "
                    + "AND CHAR_LENGTH(source_id) BETWEEN ? AND ?", out, afterId, upTo, system, linkedBefore,
                    firstLength + 1, lastLength - 1);
        }
        if (lastLength > firstLength) {
            String last = upTo >= maxOfLength(lastLength) ? Long.toString(maxOfLength(lastLength))
                    : Long.toString(upTo);
            readIds(c, textRange, out, afterId, upTo, system, linkedBefore,
                    Long.toString(minOfLength(lastLength)), last, lastLength);
        }
        out.sort(null);
        return out;
    }

    private static long minOfLength(int digits) {
        long n = 1;
        for (int i = 1; i < digits; i++) {
            n *= 10;
        }
        return n;
    }

    private static long maxOfLength(int digits) {
        return minOfLength(digits) * 10 - 1;
    }

    private static void readIds(Connection c, String sql, List<Long> out, long afterId, long upTo, Object... args)
            throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args);
            ps.setFetchSize(1000);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    if (NUMERIC_ID.matcher(id).matches()) {
                        long n = Long.parseLong(id);
                        if (n > afterId && n <= upTo) {
                            out.add(n);
                        }
                    }
                }
            }
        }
    }
}
