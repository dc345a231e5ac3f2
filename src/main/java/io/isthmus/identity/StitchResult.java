package io.isthmus.identity;

import io.isthmus.source.SourceActivity;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a visitor identifying itself.
 *
 * @param buyerId the buyer the visitor is (now) linked to; for CONFLICT the buyer it stays linked to
 * @param moved   the visitor's earlier anonymous activities that now belong to {@code buyerId}
 */
public record StitchResult(String visitorId, String buyerId, Outcome outcome, List<SourceActivity> moved,
                           Instant at) {

    public StitchResult {
        moved = List.copyOf(moved);
    }

    public enum Outcome {
        /** The visitor was anonymous and is now known. */
        STITCHED,
        /** The visitor was already linked to this buyer. */
        ALREADY_STITCHED,
        /** The visitor is linked to another buyer (shared device?): the link is kept, nothing moves; review it. */
        CONFLICT
    }
}
