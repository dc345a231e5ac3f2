package io.isthmus.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a buyer is now: all the {@link StageMachine} needs.
 *
 * @param stage        the current stage; never null
 * @param since        when the buyer entered it; null for a new visitor with no transition yet
 * @param nurtureUntil when RECYCLED: the end of the nurture period; null otherwise
 */
public record LifecycleState(Stage stage, Instant since, Instant nurtureUntil) {

    public static final LifecycleState NEW_VISITOR = new LifecycleState(Stage.VISITOR, null, null);

    public LifecycleState {
        Objects.requireNonNull(stage, "stage");
    }

    public static LifecycleState after(StageTransition t) {
        return new LifecycleState(t.to(), t.at(), t.nurtureUntil());
    }
}
