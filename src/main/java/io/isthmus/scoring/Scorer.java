package io.isthmus.scoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Scores one buyer from scratch against {@link ScoringRules}. Stateless apart from the rules and the clock, so a
 * rescore of the same input at the same instant gives the same result; decay makes later instants score lower.
 *
 * <p>Caps count points before decay, newest activity first: recent engagement is what a cap should keep, since
 * it weighs most after decay. A per-period cap is a rolling window: no span of that length gives more.
 */
public final class Scorer {

    private static final Comparator<ScoringInput.Activity> NEWEST_FIRST =
            Comparator.comparing(ScoringInput.Activity::occurredAt).reversed()
                    .thenComparing(ScoringInput.Activity::ref);

    private final ScoringRules rules;
    private final Clock clock;
    private final ScoreSummary summary;

    public Scorer(ScoringRules rules, Clock clock) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.summary = new ScoreSummary(rules.summaryMaxLength());
    }

    /** The buyer's score now, with one contribution per rule and activity that matched. */
    public ScoreResult score(ScoringInput input) {
        Instant now = clock.instant();
        List<ScoreContribution> out = new ArrayList<>();
        if (!input.activities().isEmpty()) {
            // No activity, no behaviour points: most new buyers arrive with none.
            for (BehaviourRule rule : rules.behaviour()) {
                behaviour(rule, input, now, out);
            }
        }
        for (FitRule rule : rules.fit()) {
            if (rule.matches(input)) {
                out.add(stateContribution(rule.id(), rule.label(), ScoreKind.FIT, rule.points()));
            }
        }
        for (NegativeRule rule : rules.negative()) {
            if (rule.matches(input)) {
                out.add(stateContribution(rule.id(), rule.label(), rule.kind(), rule.points()));
            }
        }
        return new ScoreResult(total(out), now, out);
    }

    /** Rescores and compares with what was stored before; {@code previous} is null for a buyer never scored. */
    public ScoreChange rescore(Score previous, ScoringInput input) {
        ScoreResult result = score(input);
        return new ScoreChange(previous, result.score(), result.at(), result.contributions(),
                summary.format(result.contributions(), result.score()));
    }

    /** The formatter this scorer's summaries use, for callers that format stored contributions again. */
    public ScoreSummary summary() {
        return summary;
    }

    private void behaviour(BehaviourRule rule, ScoringInput input, Instant now, List<ScoreContribution> out) {
        List<ScoringInput.Activity> matching = input.activities().stream()
                .filter(rule::matches).sorted(NEWEST_FIRST).toList();
        int want = Math.abs(rule.points());
        int sign = Integer.signum(rule.points());
        long capLeft = rule.cap() == null ? Long.MAX_VALUE : rule.cap();
        // Awarded points still inside the rolling window, newest at the head.
        Deque<Award> window = new ArrayDeque<>();
        long windowSum = 0;
        for (ScoringInput.Activity a : matching) {
            long allowed = Math.min(want, capLeft);
            if (rule.periodCap() != null) {
                Duration period = rule.periodCap().period();
                while (!window.isEmpty() && !window.peekFirst().at().isBefore(a.occurredAt().plus(period))) {
                    windowSum -= window.removeFirst().points();
                }
                allowed = Math.min(allowed, Math.max(0, rule.periodCap().points() - windowSum));
            }
            int awarded = (int) allowed;
            capLeft -= awarded;
            if (awarded > 0 && rule.periodCap() != null) {
                window.addLast(new Award(a.occurredAt(), awarded));
                windowSum += awarded;
            }
            double weight = rule.decays() ? rules.decay().weight(a.occurredAt(), now) : 1.0;
            out.add(new ScoreContribution(rule.id(), rule.label(), ScoreKind.ENGAGEMENT, a.ref(), a.occurredAt(),
                    sign * awarded, sign * awarded * weight, want - awarded, 1));
        }
    }

    private static ScoreContribution stateContribution(String id, String label, ScoreKind kind, int points) {
        return new ScoreContribution(id, label, kind, null, null, points, points, 0, 1);
    }

    /** Each score rounds its own sum (halves away from zero) and the total adds the rounded parts. */
    static Score total(List<ScoreContribution> contributions) {
        double fit = 0;
        double engagement = 0;
        for (ScoreContribution c : contributions) {
            if (c.kind() == ScoreKind.FIT) {
                fit += c.pointsAfterDecay();
            } else {
                engagement += c.pointsAfterDecay();
            }
        }
        return Score.of(round(fit), round(engagement));
    }

    private static int round(double d) {
        return (int) (Math.signum(d) * Math.floor(Math.abs(d) + 0.5));
    }

    private record Award(Instant at, int points) {
    }
}
