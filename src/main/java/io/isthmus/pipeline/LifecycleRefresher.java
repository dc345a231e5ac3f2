package io.isthmus.pipeline;

import io.isthmus.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps time-driven values current without a source change: the SLA hours of buyers waiting in MQL, engagement
 * decay, and the return of recycled buyers to MQL once their nurture period is over. Runs on a schedule; each
 * buyer is re-published in its own transaction, and nothing is queued when nothing changed.
 */
public final class LifecycleRefresher {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleRefresher.class);

    private final Database db;
    private final LeadPublisher publisher;
    private final Clock clock;

    public LifecycleRefresher(Database db, LeadPublisher publisher, Clock clock) {
        this.db = db;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Re-publishes every buyer whose current stage is MQL or RECYCLED; returns how many got a CRM write queued. */
    public int refresh() {
        List<String> ids = db.inTransaction(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT t.buyer_id FROM stage_transition t "
                    + "WHERE t.to_stage IN ('MQL', 'RECYCLED') AND t.id = (SELECT MAX(id) FROM stage_transition "
                    + "WHERE buyer_id = t.buyer_id) "
                    // A buyer merged into another keeps its history for an unmerge but is not refreshed.
                    + "AND EXISTS (SELECT 1 FROM buyer b WHERE b.id = t.buyer_id)");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
        int queued = 0;
        for (String id : ids) {
            Instant now = clock.instant();
            if (db.inTransaction(c -> publisher.publish(c, id, now)).queued()) {
                queued++;
            }
        }
        if (!ids.isEmpty()) {
            LOG.info("lifecycle refresh: {} buyers in MQL or Recycled re-evaluated, {} CRM writes queued", ids.size(),
                    queued);
        }
        return queued;
    }
}
