package io.isthmus.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.isthmus.lifecycle.LifecycleEvent;
import io.isthmus.lifecycle.Stage;
import io.isthmus.lifecycle.StageHistory;
import io.isthmus.lifecycle.StageTransition;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Stage transitions per buyer, in order, each with the event that caused it (as JSON, to rebuild history). */
public final class StageRepository {

    private static final String APPEND = "INSERT INTO stage_transition (buyer_id, from_stage, to_stage, at, cause, "
            + "rule_id, nurture_until, event_type, event) VALUES (?,?,?,?,?,?,?,?,?)";

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    public StageHistory history(Connection c, String buyerId) throws SQLException {
        List<StageTransition> list = Sql.query(c, "SELECT from_stage, to_stage, at, cause, rule_id, nurture_until, "
                + "event_type, event FROM stage_transition WHERE buyer_id = ? ORDER BY id", rs -> new StageTransition(
                Stage.valueOf(rs.getString(1)), Stage.valueOf(rs.getString(2)), Sql.instant(rs, "at"),
                rs.getString(4), rs.getString(5), Sql.instant(rs, "nurture_until"),
                event(rs.getString(7), rs.getString(8))), buyerId);
        return list.isEmpty() ? StageHistory.EMPTY : new StageHistory(list);
    }

    public void append(Connection c, String buyerId, StageTransition t) throws SQLException {
        Sql.update(c, APPEND, appendArgs(buyerId, t));
    }

    /** Queues the transition; transitions keep their order within the batch. */
    public void append(Batch batch, String buyerId, StageTransition t) {
        batch.add(APPEND, appendArgs(buyerId, t));
    }

    private Object[] appendArgs(String buyerId, StageTransition t) {
        String event;
        try {
            event = json.writeValueAsString(t.event());
        } catch (IOException e) {
            throw new IllegalStateException("lifecycle events always serialize", e);
        }
        return new Object[] {buyerId, t.from(), t.to(), t.at(), Sql.fit(t.cause(), 1000), t.ruleId(),
                t.nurtureUntil(), t.event().getClass().getName(), event};
    }

    private LifecycleEvent event(String type, String text) throws SQLException {
        try {
            // Not initialized before the type check: a tampered row cannot run a static initializer.
            Class<?> cls = Class.forName(type, false, LifecycleEvent.class.getClassLoader());
            if (!LifecycleEvent.class.isAssignableFrom(cls)) {
                throw new SQLException("stored stage event has unexpected type " + type);
            }
            return (LifecycleEvent) json.readValue(text, cls);
        } catch (ClassNotFoundException | IOException e) {
            throw new SQLException("stored stage event cannot be read: " + type, e);
        }
    }
}
