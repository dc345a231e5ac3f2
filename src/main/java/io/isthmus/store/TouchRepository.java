package io.isthmus.store;

import io.isthmus.attribution.FunnelStage;
import io.isthmus.attribution.Touch;
import io.isthmus.source.ActivityType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Attribution touches, each once (its id is the activity's system:sourceId). */
public final class TouchRepository {

    private static final String COLUMNS = "touch_id, buyer_id, occurred_at, channel, campaign, asset, activity_type, "
            + "stage_at_time";

    public Set<String> idsForBuyer(Connection c, String buyerId) throws SQLException {
        return new HashSet<>(Sql.query(c, "SELECT touch_id FROM touch WHERE buyer_id = ?", rs -> rs.getString(1),
                buyerId));
    }

    /** The buyer a touch is recorded for, if it is recorded. */
    public java.util.Optional<String> ownerOf(Connection c, String touchId) throws SQLException {
        return Sql.one(c, "SELECT buyer_id FROM touch WHERE touch_id = ?", rs -> rs.getString(1), touchId);
    }

    /** Gives a recorded touch to another buyer (its activity moved there). */
    public void reassign(Connection c, String touchId, String buyerId) throws SQLException {
        Sql.update(c, "UPDATE touch SET buyer_id = ? WHERE touch_id = ?", buyerId, touchId);
    }

    public void insert(Connection c, Touch t) throws SQLException {
        Sql.update(c, "INSERT INTO touch (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?)", Sql.fit(t.touchId(), 300),
                t.buyerId(), t.occurredAt(), Sql.fit(t.channel(), 64), Sql.fit(t.campaign(), 255),
                Sql.fit(t.asset(), 2000), t.activityType(), t.stageAtTime());
    }

    public List<Touch> all(Connection c) throws SQLException {
        return Sql.query(c, "SELECT " + COLUMNS + " FROM touch ORDER BY buyer_id, occurred_at, touch_id",
                TouchRepository::map);
    }

    public List<Touch> forBuyer(Connection c, String buyerId) throws SQLException {
        return Sql.query(c, "SELECT " + COLUMNS + " FROM touch WHERE buyer_id = ? ORDER BY occurred_at, touch_id",
                TouchRepository::map, buyerId);
    }

    private static Touch map(ResultSet rs) throws SQLException {
        String stage = rs.getString(8);
        return new Touch(rs.getString(1), rs.getString(2), Sql.instant(rs, "occurred_at"), rs.getString(4),
                rs.getString(5), rs.getString(6), ActivityType.valueOf(rs.getString(7)),
                stage == null ? null : FunnelStage.valueOf(stage));
    }
}
