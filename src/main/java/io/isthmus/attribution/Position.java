package io.isthmus.attribution;

import java.time.Instant;
import java.util.List;

/**
 * A named place in a journey that a position-based model gives a fixed weight. A milestone's touch is the last
 * touch at or before the milestone (ties in time already ordered by touch id, so the greatest id wins).
 */
public enum Position {
    /** The earliest touch. */
    FIRST_TOUCH("first-touch"),
    /** The last touch at or before the lead was created; none when the time is unknown or before every touch. */
    LEAD_CREATION("lead-creation"),
    /** The last touch at or before the opportunity was created; none when unknown or before every touch. */
    OPPORTUNITY_CREATION("opportunity-creation"),
    /** The last touch at or before close, only for a closed-won opportunity. */
    CLOSED_WON("closed-won"),
    /** The latest eligible touch. */
    LAST_TOUCH("last-touch");

    private final String key;

    Position(String key) {
        this.key = key;
    }

    /** The configuration key, e.g. {@code lead-creation}. */
    public String key() {
        return key;
    }

    /** Index of this position's touch in {@code touches} (sorted by time, then id), or -1 when there is none. */
    public int resolve(List<Touch> touches, Journey journey) {
        return switch (this) {
            case FIRST_TOUCH -> 0;
            case LAST_TOUCH -> touches.size() - 1;
            case LEAD_CREATION -> lastAtOrBefore(touches, journey.leadCreatedAt());
            case OPPORTUNITY_CREATION -> lastAtOrBefore(touches, journey.opportunityCreatedAt());
            case CLOSED_WON -> journey.outcome() == Outcome.WON ? lastAtOrBefore(touches, journey.closedAt()) : -1;
        };
    }

    private static int lastAtOrBefore(List<Touch> touches, Instant milestone) {
        if (milestone == null) {
            return -1;
        }
        int found = -1;
        for (int i = 0; i < touches.size() && !touches.get(i).occurredAt().isAfter(milestone); i++) {
            found = i;
        }
        return found;
    }
}
