package io.isthmus.scoring;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A rescore compared with what was stored before: store it when {@link #changed()}, and send the summary and the
 * scores to the CRM.
 *
 * @param previous      the score stored before, or null for a buyer scored the first time
 * @param current       the new score; never null
 * @param at            when the new score was computed; never null
 * @param contributions the full explanation of {@code current} (see {@link ScoreResult#contributions()})
 * @param summary       the short CRM text, already cut to the configured length; never null, may be empty
 */
public record ScoreChange(
        Score previous,
        Score current,
        Instant at,
        List<ScoreContribution> contributions,
        String summary) {

    public ScoreChange {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(summary, "summary");
        contributions = List.copyOf(contributions);
    }

    /** True when there was no score before or any of the three scores moved. */
    public boolean changed() {
        return !current.equals(previous);
    }

    public int fitDelta() {
        return current.fit() - (previous == null ? 0 : previous.fit());
    }

    public int engagementDelta() {
        return current.engagement() - (previous == null ? 0 : previous.engagement());
    }

    public int totalDelta() {
        return current.total() - (previous == null ? 0 : previous.total());
    }

    /** The explanation summed per rule (see {@link ScoreResult#grouped()}). */
    public List<ScoreContribution> grouped() {
        return ScoreResult.group(contributions);
    }
}
