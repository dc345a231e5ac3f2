package io.isthmus.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Measures how long an MQL has waited for sales. Only an MQL waits: once accepted (SQL), recycled or
 * disqualified the clock stops and there is no value, which clears the CRM field.
 */
public final class SlaClock {

    private final Clock clock;
    private final Duration limit;

    /** @param limit the acceptance SLA, e.g. 48h from lifecycle.yaml; positive */
    public SlaClock(Clock clock, Duration limit) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    /** Time since the buyer last became MQL, while still MQL. */
    public Optional<Duration> unaccepted(StageHistory history) {
        LifecycleState s = history.current();
        if (s.stage() != Stage.MQL || s.since() == null) {
            return Optional.empty();
        }
        return Optional.of(history.timeInCurrentStage(clock.instant()));
    }

    /** {@link #unaccepted} in hours with one decimal, as the CRM number field holds it. */
    public Optional<Double> hours(StageHistory history) {
        return unaccepted(history).map(d -> Math.floor(d.toMinutes() / 6.0) / 10.0);
    }

    /** True while an MQL has waited longer than the limit. */
    public boolean breached(StageHistory history) {
        return unaccepted(history).map(d -> d.compareTo(limit) > 0).orElse(false);
    }
}
