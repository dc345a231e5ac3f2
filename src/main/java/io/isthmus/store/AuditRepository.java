package io.isthmus.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** The trail of what happened to each buyer and why. */
public final class AuditRepository {

    public enum Event { CREATED, UPDATED, LINKED, MERGED, UNMERGED, UNLINKED }

    public void record(Connection c, String buyerId, Event event, String source, String detail, Instant at)
            throws SQLException {
        Sql.update(c, "INSERT INTO buyer_audit (buyer_id, event, source, detail, at) VALUES (?,?,?,?,?)", buyerId,
                event, source, Sql.fit(detail, 4000), at);
    }

    /** Queues the entry; entries keep their order within the batch. */
    public void record(Batch batch, String buyerId, Event event, String source, String detail, Instant at) {
        batch.add("INSERT INTO buyer_audit (buyer_id, event, source, detail, at) VALUES (?,?,?,?,?)", buyerId,
                event, source, Sql.fit(detail, 4000), at);
    }

    public long count(Connection c, Event event) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM buyer_audit WHERE event = ?", event);
    }
}
