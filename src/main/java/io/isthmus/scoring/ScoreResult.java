package io.isthmus.scoring;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A score and everything that explains it, as of one instant.
 *
 * @param score         the rounded scores; never null
 * @param at            the instant decay was computed for; never null
 * @param contributions one row per rule and matched activity (or attribute/consent match), in rule order;
 *                      capped activities are kept with 0 points so the explanation shows why they gave nothing
 */
public record ScoreResult(Score score, Instant at, List<ScoreContribution> contributions) {

    public ScoreResult {
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(at, "at");
        contributions = List.copyOf(contributions);
    }

    /** One row per rule, summed, with the number of activities that gave points; compact enough to store always. */
    public List<ScoreContribution> grouped() {
        return group(contributions);
    }

    static List<ScoreContribution> group(List<ScoreContribution> rows) {
        Map<String, ScoreContribution> byRule = new LinkedHashMap<>();
        for (ScoreContribution c : rows) {
            byRule.merge(c.ruleId(), c, (a, b) -> new ScoreContribution(a.ruleId(), a.ruleLabel(), a.kind(), null,
                    null, a.pointsBeforeDecay() + b.pointsBeforeDecay(), a.pointsAfterDecay() + b.pointsAfterDecay(),
                    a.withheldByCap() + b.withheldByCap(), a.count() + b.count()));
        }
        return byRule.values().stream()
                .map(c -> c.activityRef() == null ? c : new ScoreContribution(c.ruleId(), c.ruleLabel(), c.kind(),
                        null, null, c.pointsBeforeDecay(), c.pointsAfterDecay(), c.withheldByCap(), c.count()))
                .toList();
    }
}
