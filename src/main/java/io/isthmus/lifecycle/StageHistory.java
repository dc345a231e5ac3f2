package io.isthmus.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A buyer's stored transitions, oldest first, and the durations sales and marketing report on.
 * Immutable; {@link #with} returns a new history.
 *
 * @param transitions each one starts in the stage the one before ended in, no earlier than it; never null
 */
public record StageHistory(List<StageTransition> transitions) {

    public static final StageHistory EMPTY = new StageHistory(List.of());

    public StageHistory {
        transitions = List.copyOf(transitions);
        for (int i = 1; i < transitions.size(); i++) {
            StageTransition prev = transitions.get(i - 1);
            StageTransition t = transitions.get(i);
            // A gap here means a lost or reordered row in the store: refuse it rather than report wrong durations.
            if (t.from() != prev.to() || t.at().isBefore(prev.at())) {
                throw new IllegalArgumentException("transition " + i + " (" + t.from() + "->" + t.to() + " at "
                        + t.at() + ") does not follow " + prev.from() + "->" + prev.to() + " at " + prev.at());
            }
        }
    }

    public StageHistory with(StageTransition t) {
        List<StageTransition> next = new ArrayList<>(transitions);
        next.add(t);
        return new StageHistory(next);
    }

    public LifecycleState current() {
        return transitions.isEmpty() ? LifecycleState.NEW_VISITOR : LifecycleState.after(last());
    }

    /** When the buyer last entered {@code stage}. */
    public Optional<Instant> lastEntered(Stage stage) {
        for (int i = transitions.size() - 1; i >= 0; i--) {
            if (transitions.get(i).to() == stage) {
                return Optional.of(transitions.get(i).at());
            }
        }
        return Optional.empty();
    }

    /** When the buyer first entered {@code stage}. */
    public Optional<Instant> firstEntered(Stage stage) {
        return transitions.stream().filter(t -> t.to() == stage).map(StageTransition::at).findFirst();
    }

    /** How long the buyer has been in the current stage at {@code now}; zero for a visitor never moved. */
    public Duration timeInCurrentStage(Instant now) {
        return transitions.isEmpty() ? Duration.ZERO : positive(Duration.between(last().at(), now));
    }

    /** The time spent in {@code stage} over every visit, the current visit counted up to {@code now}. */
    public Duration timeIn(Stage stage, Instant now) {
        Duration total = Duration.ZERO;
        for (int i = 0; i < transitions.size(); i++) {
            if (transitions.get(i).to() == stage) {
                Instant end = i + 1 < transitions.size() ? transitions.get(i + 1).at() : now;
                total = total.plus(positive(Duration.between(transitions.get(i).at(), end)));
            }
        }
        return total;
    }

    /**
     * For every move to MQL, how long the buyer was nurtured first: the time in the stage it left (LEAD on the
     * first pass, RECYCLED after a recycle). A move whose start is not in the history is skipped.
     */
    public List<Duration> nurturePeriods() {
        List<Duration> out = new ArrayList<>();
        for (int i = 1; i < transitions.size(); i++) {
            StageTransition t = transitions.get(i);
            if (t.to() == Stage.MQL) {
                out.add(Duration.between(transitions.get(i - 1).at(), t.at()));
            }
        }
        return List.copyOf(out);
    }

    /** The most recent nurture period (Lead or Recycled to MQL), if any. */
    public Optional<Duration> lastNurturePeriod() {
        List<Duration> all = nurturePeriods();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private StageTransition last() {
        return transitions.get(transitions.size() - 1);
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
