package io.isthmus.scoring;

import java.time.Instant;
import java.util.Objects;

/**
 * Why a score holds some points: one rule applied to one activity (or to the buyer's attributes or consent).
 * Stored with every score change, so any number in the CRM can be traced back to rules and activities.
 *
 * @param ruleId            the rule's id from scoring.yaml; never null
 * @param ruleLabel         the rule's short label, as shown in the CRM summary; never null
 * @param kind              which score the points go to; never null
 * @param activityRef       the activity's reference, or null for attribute and consent rules and for grouped rows
 * @param activityAt        when the activity happened, or null like {@code activityRef}
 * @param pointsBeforeDecay points awarded after caps, before decay (0 when a cap withheld all of them)
 * @param pointsAfterDecay  {@code pointsBeforeDecay} weighted by the activity's age; equal for non-decaying rules
 * @param withheldByCap     points the rule would have given but a cap withheld (0 when no cap applied)
 * @param count             how many activities (or attribute matches) this row stands for: 1, or more when grouped
 */
public record ScoreContribution(
        String ruleId,
        String ruleLabel,
        ScoreKind kind,
        String activityRef,
        Instant activityAt,
        int pointsBeforeDecay,
        double pointsAfterDecay,
        int withheldByCap,
        int count) {

    public ScoreContribution {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(ruleLabel, "ruleLabel");
        Objects.requireNonNull(kind, "kind");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
    }

    /** Points lost to decay, a negative number or zero. */
    public double decay() {
        return pointsAfterDecay - pointsBeforeDecay;
    }
}
