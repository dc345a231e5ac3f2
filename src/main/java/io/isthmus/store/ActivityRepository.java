package io.isthmus.store;

import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Activities as the sources reported them, each once, linked to a buyer when one is known. */
public final class ActivityRepository {

    private static final String COLUMNS = "system, source_id, contact_ref, visitor_id, type, occurred_at, asset, "
            + "campaign, utm_source, utm_medium, utm_campaign, utm_term, utm_content";

    /** Stores the activity for {@code buyerId} (null: not yet known); false when it was already stored. */
    public boolean insertIfNew(Connection c, SourceActivity a, String buyerId, Instant now) throws SQLException {
        if (Sql.count(c, "SELECT COUNT(*) FROM activity WHERE system = ? AND source_id = ?", a.system(),
                a.sourceId()) > 0) {
            return false;
        }
        SourceActivity.Utm u = a.utm();
        Sql.update(c, "INSERT INTO activity (" + COLUMNS + ", buyer_id, recorded_at) "
                        + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", a.system(), a.sourceId(), a.contactSourceId(),
                a.visitorId(), a.type(), a.occurredAt(), Sql.fit(a.asset(), 2000), Sql.fit(a.campaign(), 255),
                Sql.fit(u.source(), 255), Sql.fit(u.medium(), 255), Sql.fit(u.campaign(), 255),
                Sql.fit(u.term(), 255), Sql.fit(u.content(), 255), buyerId, now);
        return true;
    }

    /** Links the earlier unlinked activities of a source contact or a visitor to the buyer; returns how many. */
    public int adoptFor(Connection c, String buyerId, String system, String contactRef, String visitorId)
            throws SQLException {
        int n = 0;
        if (contactRef != null) {
            n += Sql.update(c, "UPDATE activity SET buyer_id = ? WHERE buyer_id IS NULL AND system = ? "
                    + "AND contact_ref = ?", buyerId, system, contactRef);
        }
        if (visitorId != null) {
            n += Sql.update(c, "UPDATE activity SET buyer_id = ? WHERE buyer_id IS NULL AND visitor_id = ?",
                    buyerId, visitorId);
        }
        return n;
    }

    /** Which activity, and the source contact or visitor it named. */
    public record ActivityRef(String system, String sourceId, String contactRef, String visitorId) {

        /** The activity's identity, which is also its attribution touch id. */
        public String key() {
            return system + ":" + sourceId;
        }
    }

    public List<ActivityRef> refsForBuyer(Connection c, String buyerId) throws SQLException {
        return Sql.query(c, "SELECT system, source_id, contact_ref, visitor_id FROM activity WHERE buyer_id = ? "
                + "ORDER BY system, source_id", rs -> new ActivityRef(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4)), buyerId);
    }

    /** Unlinked activities naming this source contact: they follow it to whichever buyer it joins. */
    public List<ActivityRef> unlinkedFor(Connection c, String system, String contactRef) throws SQLException {
        return Sql.query(c, "SELECT system, source_id, contact_ref, visitor_id FROM activity WHERE buyer_id IS NULL "
                + "AND system = ? AND contact_ref = ? ORDER BY source_id", rs -> new ActivityRef(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4)), system, contactRef);
    }

    /** Moves one activity and its attribution touch (same id) from one buyer to another. */
    public boolean move(Connection c, ActivityRef a, String fromBuyerId, String toBuyerId) throws SQLException {
        boolean moved = Sql.update(c, "UPDATE activity SET buyer_id = ? WHERE system = ? AND source_id = ? "
                + "AND buyer_id = ?", toBuyerId, a.system(), a.sourceId(), fromBuyerId) == 1;
        if (moved) {
            Sql.update(c, "UPDATE touch SET buyer_id = ? WHERE touch_id = ? AND buyer_id = ?", toBuyerId, a.key(),
                    fromBuyerId);
        }
        return moved;
    }

    /** Which of these source contacts have activities waiting for their buyer, for a page in one query. */
    public java.util.Set<String> unlinkedContactRefs(Connection c, String system, java.util.Collection<String> refs)
            throws SQLException {
        java.util.Set<String> out = new java.util.HashSet<>();
        List<String> all = new java.util.ArrayList<>(refs);
        for (int i = 0; i < all.size(); i += BuyerRepository.IN_CHUNK) {
            List<String> part = all.subList(i, Math.min(all.size(), i + BuyerRepository.IN_CHUNK));
            // Row values, so the (system, contact_ref) index serves every pair (see SourceLinkRepository#buyersFor).
            out.addAll(Sql.query(c, "SELECT DISTINCT contact_ref FROM activity WHERE (system, contact_ref) IN "
                    + Sql.pairMarkers(part.size()) + " AND buyer_id IS NULL", rs -> rs.getString(1),
                    Sql.pairs(system, part)));
        }
        return out;
    }

    public List<SourceActivity> forBuyer(Connection c, String buyerId) throws SQLException {
        return Sql.query(c, "SELECT " + COLUMNS + " FROM activity WHERE buyer_id = ? ORDER BY occurred_at",
                rs -> new SourceActivity(rs.getString(1), rs.getString(2), Sql.instant(rs, "occurred_at"),
                        rs.getString(3), rs.getString(4), ActivityType.valueOf(rs.getString(5)), rs.getString(7),
                        rs.getString(8), new SourceActivity.Utm(rs.getString(9), rs.getString(10),
                        rs.getString(11), rs.getString(12), rs.getString(13))), buyerId);
    }
}
