package io.isthmus.store;

import io.isthmus.buyer.BuyerRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Buyers by id and by normalized email. */
public final class BuyerRepository {

    private static final String COLUMNS = "id, email, email_original, first_name, last_name, company, phone, "
            + "job_title, country, website, created_at, updated_at, version";
    private static final String INSERT = "INSERT INTO buyer (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
    /** Keys per {@code IN} list: well under every driver's bind-parameter limit. */
    static final int IN_CHUNK = 500;

    public Optional<BuyerRecord> findById(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM buyer WHERE id = ?", BuyerRepository::map, id);
    }

    public Optional<BuyerRecord> findByEmail(Connection c, String email) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM buyer WHERE email = ?", BuyerRepository::map, email);
    }

    /** Buyers by id, for a page's look-ups in one query; ids without a buyer are absent from the map. */
    public Map<String, BuyerRecord> findByIds(Connection c, Collection<String> ids) throws SQLException {
        return byKey(c, "id", ids, BuyerRecord::id);
    }

    /** Buyers by normalized email, for a page's look-ups in one query; unowned addresses are absent. */
    public Map<String, BuyerRecord> findByEmails(Connection c, Collection<String> emails) throws SQLException {
        return byKey(c, "email", emails, BuyerRecord::email);
    }

    private Map<String, BuyerRecord> byKey(Connection c, String column, Collection<String> keys,
                                           java.util.function.Function<BuyerRecord, String> key) throws SQLException {
        Map<String, BuyerRecord> out = new HashMap<>();
        List<String> all = new ArrayList<>(keys);
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            List<String> part = all.subList(i, Math.min(all.size(), i + IN_CHUNK));
            for (BuyerRecord b : Sql.query(c, "SELECT " + COLUMNS + " FROM buyer WHERE " + column + " IN "
                    + Sql.markers(part.size()), BuyerRepository::map, part.toArray())) {
                out.put(key.apply(b), b);
            }
        }
        return out;
    }

    public void insert(Connection c, BuyerRecord b) throws SQLException {
        Sql.update(c, INSERT, insertArgs(b));
    }

    /** Queues the insert; nothing may read the buyer from the store before the batch is flushed. */
    public void insert(Batch batch, BuyerRecord b) {
        batch.add(INSERT, insertArgs(b));
    }

    private static Object[] insertArgs(BuyerRecord b) {
        return new Object[] {b.id(), b.email(), b.emailOriginal(), b.firstName(), b.lastName(), b.company(),
                b.phone(), b.jobTitle(), b.country(), b.website(), b.createdAt(), b.updatedAt(), b.version()};
    }

    /** Writes {@code b} if the stored version is still {@code b.version() - 1}; false when someone else won. */
    public boolean update(Connection c, BuyerRecord b) throws SQLException {
        return Sql.update(c, "UPDATE buyer SET email = ?, email_original = ?, first_name = ?, last_name = ?, "
                        + "company = ?, phone = ?, job_title = ?, country = ?, website = ?, updated_at = ?, version = ?, "
                        + "change_seq = DEFAULT WHERE id = ? AND version = ?", b.email(), b.emailOriginal(), b.firstName(), b.lastName(),
                b.company(), b.phone(), b.jobTitle(), b.country(), b.website(), b.updatedAt(), b.version(), b.id(),
                b.version() - 1) == 1;
    }

    /**
     * Deletes a buyer absorbed by a merge; its links must have moved first. The tombstone tells an identity index
     * loaded from a snapshot that the buyer is gone ({@link #removedSince}).
     */
    public boolean delete(Connection c, String id) throws SQLException {
        if (Sql.update(c, "DELETE FROM buyer WHERE id = ?", id) != 1) {
            return false;
        }
        Sql.update(c, "INSERT INTO buyer_removed (buyer_id) VALUES (?)", id);
        // Its account goes with it; the survivor is published after the merge and gets its own.
        Sql.update(c, "DELETE FROM buyer_account WHERE buyer_id = ?", id);
        return true;
    }

    /**
     * Buyers inserted or updated after change {@code seq} (an insert or update draws the next {@code change_seq}),
     * streamed. Rows older than the change sequence (NULL) are never returned.
     */
    public void changedSince(Connection c, long seq, java.util.function.Consumer<BuyerRecord> each)
            throws SQLException {
        try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM buyer WHERE change_seq > ?")) {
            ps.setLong(1, seq);
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(map(rs));
                }
            }
        }
    }

    /** Ids of buyers deleted (merged away) after change {@code seq}; some may have been restored since. */
    public List<String> removedSince(Connection c, long seq) throws SQLException {
        return Sql.query(c, "SELECT buyer_id FROM buyer_removed WHERE seq > ?", rs -> rs.getString(1), seq);
    }

    /** How many buyer changes (updated rows and tombstones) there are after change {@code seq}. */
    public long changesSince(Connection c, long seq) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM buyer WHERE change_seq > ?", seq)
                + Sql.count(c, "SELECT COUNT(*) FROM buyer_removed WHERE seq > ?", seq);
    }

    /** The latest committed buyer change (insert, update or deletion); 0 when none was recorded yet. */
    public long changeHighWater(Connection c) throws SQLException {
        long changed = Sql.count(c, "SELECT COALESCE(MAX(change_seq), 0) FROM buyer");
        long removed = Sql.count(c, "SELECT COALESCE(MAX(seq), 0) FROM buyer_removed");
        return Math.max(changed, removed);
    }

    /** The store's own identity, set once when the store was created (or migrated to V61). */
    public String storeId(Connection c) throws SQLException {
        return Sql.one(c, "SELECT id FROM store_identity", rs -> rs.getString(1))
                .orElseThrow(() -> new SQLException("store_identity holds no row"));
    }

    /** Streams every buyer (for rebuilding in-memory indexes at start) without holding them all. */
    public void forEach(Connection c, java.util.function.Consumer<BuyerRecord> each) throws SQLException {
        try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM buyer")) {
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(map(rs));
                }
            }
        }
    }

    public long count(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM buyer");
    }

    private static BuyerRecord map(ResultSet rs) throws SQLException {
        return new BuyerRecord(rs.getString("id"), rs.getString("email"), rs.getString("email_original"),
                rs.getString("first_name"), rs.getString("last_name"), rs.getString("company"),
                rs.getString("phone"), rs.getString("job_title"), rs.getString("country"), rs.getString("website"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"), rs.getLong("version"));
    }
}
