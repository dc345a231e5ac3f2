package io.isthmus.scoring;

import java.time.Duration;
import java.time.Instant;

/**
 * Engagement loses weight with age: after one half-life an activity counts half, after two a quarter.
 *
 * @param halfLife the half-life, positive; null turns decay off
 */
public record Decay(Duration halfLife) {

    public static final Decay NONE = new Decay(null);

    public Decay {
        if (halfLife != null && (halfLife.isNegative() || halfLife.isZero())) {
            throw new IllegalArgumentException("half-life must be positive, was " + halfLife);
        }
    }

    /** The weight from 1 down towards 0 of something that happened at {@code at}, seen at {@code now}. */
    public double weight(Instant at, Instant now) {
        if (halfLife == null) {
            return 1.0;
        }
        // An activity stamped in the future (clock skew between systems) counts as brand new, never above 1.
        long ageMillis = Math.max(0, Duration.between(at, now).toMillis());
        return Math.pow(0.5, (double) ageMillis / halfLife.toMillis());
    }
}
