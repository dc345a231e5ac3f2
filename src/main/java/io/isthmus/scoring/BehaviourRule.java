package io.isthmus.scoring;

import io.isthmus.source.ActivityType;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Engagement points for an activity of one type, optionally only when its asset matches a pattern.
 *
 * @param id        unique rule id; never null
 * @param label     short text for the CRM summary; never null
 * @param activity  the activity type the rule counts; never null
 * @param asset     searched anywhere in the activity's asset (anchor with ^ and $); null matches any asset
 * @param points    points per matching activity; never 0, negative for unwanted behaviour (e.g. careers page)
 * @param cap       at most this many points (absolute) from this rule in all; null for no cap
 * @param periodCap at most so many points (absolute) from this rule in any window of the given length; null for none
 * @param decays    whether the points lose weight with the activity's age
 */
public record BehaviourRule(
        String id,
        String label,
        ActivityType activity,
        Pattern asset,
        int points,
        Integer cap,
        PeriodCap periodCap,
        boolean decays) {

    public BehaviourRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(activity, "activity");
    }

    public boolean matches(ScoringInput.Activity a) {
        if (a.type() != activity) {
            return false;
        }
        return asset == null || (a.asset() != null && asset.matcher(a.asset()).find());
    }

    /** A rolling-window limit: at most {@code points} (absolute) in any {@code period}. */
    public record PeriodCap(int points, Duration period) {
        public PeriodCap {
            Objects.requireNonNull(period, "period");
        }
    }
}
