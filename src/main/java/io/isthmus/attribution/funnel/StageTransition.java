package io.isthmus.attribution.funnel;

import io.isthmus.attribution.FunnelStage;
import java.time.Instant;
import java.util.Objects;

/**
 * A buyer moving from one stage to another, as the stage history records it.
 *
 * @param buyerId never null
 * @param from    the stage left; null for the buyer's first stage
 * @param to      the stage entered; never null
 * @param at      when; never null
 */
public record StageTransition(String buyerId, FunnelStage from, FunnelStage to, Instant at) {

    public StageTransition {
        Objects.requireNonNull(buyerId, "buyerId");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
    }
}
