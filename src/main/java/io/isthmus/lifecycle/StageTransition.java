package io.isthmus.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * One stage move, stored in the buyer's stage history.
 *
 * @param from         the stage left; never null
 * @param to           the stage entered; never null and never equal to {@code from}
 * @param at           when the move happened; never null
 * @param cause        a readable reason, e.g. {@code total score 55 reached MQL threshold 50}; never null
 * @param ruleId       the recycle rule that allowed a move back, or null for forward moves and disqualification
 * @param nurtureUntil for moves to RECYCLED: the end of the nurture period, before which the buyer cannot be MQL
 *                     again; null otherwise
 * @param event        the event that caused the move (holds amounts, dates and CRM ids); never null
 */
public record StageTransition(
        Stage from,
        Stage to,
        Instant at,
        String cause,
        String ruleId,
        Instant nurtureUntil,
        LifecycleEvent event) {

    public StageTransition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(event, "event");
        if (from == to) {
            throw new IllegalArgumentException("a transition must change the stage, both are " + from);
        }
    }
}
