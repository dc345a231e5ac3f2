package io.isthmus.pipeline;

import io.isthmus.attribution.FunnelStage;
import io.isthmus.attribution.Touch;
import io.isthmus.attribution.TouchFactory;
import io.isthmus.lifecycle.Stage;
import io.isthmus.lifecycle.StageHistory;
import io.isthmus.lifecycle.StageTransition;
import io.isthmus.source.SourceActivity;
import io.isthmus.store.ActivityRepository;
import io.isthmus.store.TouchRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Records an attribution touch for every activity of a touch type a buyer has, once, with the channel its UTM
 * and referrer give and the stage the buyer was in when it happened.
 */
public final class TouchRecorder {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TouchRecorder.class);

    private final TouchFactory factory;
    private final ActivityRepository activities = new ActivityRepository();
    private final TouchRepository touches = new TouchRepository();

    public TouchRecorder(TouchFactory factory) {
        this.factory = factory;
    }

    /** Returns how many new touches were recorded. */
    public int record(Connection c, String buyerId, StageHistory history) throws SQLException {
        Set<String> known = touches.idsForBuyer(c, buyerId);
        int added = 0;
        for (SourceActivity a : activities.forBuyer(c, buyerId)) {
            if (!factory.isTouch(a.type()) || known.contains(a.system() + ":" + a.sourceId())) {
                continue;
            }
            Optional<Touch> t = factory.touch(a, buyerId, null, stageAt(history, a.occurredAt()));
            if (t.isEmpty() || !known.add(t.get().touchId())) {
                continue;
            }
            // A touch is its activity's: one recorded for another buyer follows the activity here instead of being
            // recorded twice (which the store refuses, and which would fail the page again on every poll).
            Optional<String> owner = touches.ownerOf(c, t.get().touchId());
            if (owner.isPresent()) {
                LOG.warn("touch {} was recorded for buyer {}, its activity is now buyer {}'s: the touch follows it",
                        t.get().touchId(), owner.get(), buyerId);
                touches.reassign(c, t.get().touchId(), buyerId);
            } else {
                touches.insert(c, t.get());
                added++;
            }
        }
        return added;
    }

    /** The stage the history says the buyer was in at {@code t}; VISITOR before its first transition. */
    static FunnelStage stageAt(StageHistory history, Instant t) {
        Stage stage = Stage.VISITOR;
        for (StageTransition tr : history.transitions()) {
            if (tr.at().isAfter(t)) {
                break;
            }
            stage = tr.to();
        }
        return FunnelStage.valueOf(stage.name());
    }
}
