package io.isthmus.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.isthmus.scoring.Score;
import io.isthmus.scoring.ScoreChange;
import io.isthmus.scoring.Scorer;
import io.isthmus.scoring.ScoringInput;
import io.isthmus.scoring.ScoringRules;
import io.isthmus.source.ActivityType;
import io.isthmus.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The closed loop end to end, as the pipeline will drive it: rescore on new activity, feed the score and the CRM
 * read-back to the stage machine, keep the history, and build the CRM fields after every step.
 */
class RecycleLoopTest {

    private static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");
    private static final double HALF_LIFE_DAYS = 30;
    private static final ScoringRules SCORING = ScoringRules.parse("scoring.yaml", """
            decay: { half-life: 30d }
            behaviour:
              - { id: pricing, label: pricing page, activity: page-view, asset: /pricing, points: 10 }
              - { id: webinar, label: webinar attended, activity: webinar-attended, points: 20 }
            fit:
              - { id: vp, label: VP title, attribute: seniority, in: [vp, c-level], points: 15 }
            """);

    private final SettableClock clock = new SettableClock(T0);
    private final LifecycleRules lifecycle = LifecycleRules.loadDefault();
    private final Scorer scorer = new Scorer(SCORING, clock);
    private final StageMachine machine = new StageMachine(lifecycle);
    private final LifecycleCrmFields crm =
            new LifecycleCrmFields(lifecycle.crmFields(), new SlaClock(clock, lifecycle.slaAcceptance()));

    private final List<ScoringInput.Activity> activities = new ArrayList<>();
    private StageHistory history = StageHistory.EMPTY;
    private ScoreChange lastScore;

    @Test
    void recycleLoop_mqlSqlRejectedRecycledThenMqlAgain_crmGetsTheRightValues() {
        apply(new LifecycleEvent.Identified(T0, "ann@buyer.example"));
        assertThat(stage()).isEqualTo(Stage.LEAD);

        act(ActivityType.PAGE_VIEW, "https://buyer.example/pricing");
        act(ActivityType.PAGE_VIEW, "https://buyer.example/pricing?tier=pro");
        act(ActivityType.WEBINAR_ATTENDED, "Q2 launch");
        rescore();
        assertThat(lastScore.current()).isEqualTo(Score.of(15, 10 + 10 + 20));
        assertThat(stage()).isEqualTo(Stage.MQL);

        clock.advance(Duration.ofHours(30));
        rescore();
        int engagementAt30h = (int) Math.round(40 * weight(Duration.ofHours(30)));
        assertThat(lastScore.summary()).isEqualTo("+20 pricing page \u00d72, +20 webinar attended, +15 VP title, \u2212"
                + (40 - engagementAt30h) + " decay");
        assertThat(crm.fields(lastScore.current(), lastScore.summary(), history))
                .containsEntry("Isthmus_SLA_Hours__c", 30.0)
                .containsEntry("Isthmus_Stage__c", "MQL");

        clock.set(T0.plus(Duration.ofDays(2)));
        apply(new LifecycleEvent.LeadAccepted(clock.instant(), "Working - Contacted"));
        assertThat(stage()).isEqualTo(Stage.SQL);
        assertThat(crm.fields(lastScore.current(), lastScore.summary(), history))
                .containsEntry("Isthmus_SLA_Hours__c", null);

        clock.set(T0.plus(Duration.ofDays(5)));
        apply(new LifecycleEvent.LeadRejected(clock.instant(), "no budget this quarter"));
        assertThat(stage()).isEqualTo(Stage.RECYCLED);
        assertThat(history.current().nurtureUntil()).isEqualTo(T0.plus(Duration.ofDays(5 + 30)));

        // Day 20: back on the pricing page, score at the threshold again, but still inside the nurture period.
        clock.set(T0.plus(Duration.ofDays(20)));
        act(ActivityType.PAGE_VIEW, "https://buyer.example/pricing");
        rescore();
        assertThat(lastScore.current().total()).isGreaterThanOrEqualTo(lifecycle.mql().threshold());
        assertThat(stage()).isEqualTo(Stage.RECYCLED);

        // Day 36: nurture is over and a webinar lifts the score: MQL again.
        clock.set(T0.plus(Duration.ofDays(36)));
        act(ActivityType.WEBINAR_ATTENDED, "Q3 roadmap");
        rescore();
        assertThat(stage()).isEqualTo(Stage.MQL);

        clock.advance(Duration.ofHours(5));
        Instant now = clock.instant();
        Instant reMql = T0.plus(Duration.ofDays(36));
        int engagement = (int) Math.round(40 * weight(Duration.between(T0, now))
                + 10 * weight(Duration.between(T0.plus(Duration.ofDays(20)), now))
                + 20 * weight(Duration.between(reMql, now)));
        ScoreChange last = scorer.rescore(lastScore.current(), input());
        assertThat(last.current()).isEqualTo(Score.of(15, engagement));

        Map<String, Object> fields = crm.fields(last.current(), last.summary(), history);
        assertThat(fields).containsOnly(
                entry("Isthmus_Fit_Score__c", 15),
                entry("Isthmus_Engagement_Score__c", engagement),
                entry("Isthmus_Score__c", 15 + engagement),
                entry("Isthmus_Score_Summary__c", last.summary()),
                entry("Isthmus_Stage__c", "MQL"),
                entry("Isthmus_Stage_Date__c", "2026-05-07T09:00:00.000Z"),
                entry("Isthmus_MQL_Date__c", "2026-05-07T09:00:00.000Z"),
                entry("Isthmus_SLA_Hours__c", 5.0));
        // Decay (26 points here) outweighs the VP title, so it sorts before it.
        int decay = (40 + 30 + 15) - (15 + engagement);
        assertThat(decay).isGreaterThan(15);
        assertThat(last.summary()).isEqualTo("+40 webinar attended \u00d72, +30 pricing page \u00d73, \u2212" + decay
                + " decay, +15 VP title");

        assertThat(history.transitions()).extracting(StageTransition::to).containsExactly(
                Stage.LEAD, Stage.MQL, Stage.SQL, Stage.RECYCLED, Stage.MQL);
        assertThat(history.transitions().get(3).cause()).contains("no budget this quarter").contains("30d");
        assertThat(history.lastNurturePeriod()).contains(Duration.ofDays(36 - 5));
        assertThat(history.timeIn(Stage.SQL, now)).isEqualTo(Duration.ofDays(3));
    }

    private static double weight(Duration age) {
        return Math.pow(0.5, age.toMillis() / (HALF_LIFE_DAYS * 86_400_000));
    }

    private void act(ActivityType type, String asset) {
        activities.add(new ScoringInput.Activity("a" + activities.size(), type, clock.instant(), asset));
    }

    private ScoringInput input() {
        return new ScoringInput("ann@buyer.example", Map.of(ScoringInput.SENIORITY, "VP"), activities, false, false);
    }

    private void rescore() {
        lastScore = scorer.rescore(lastScore == null ? null : lastScore.current(), input());
        apply(new LifecycleEvent.ScoreChanged(lastScore.at(), lastScore.current()));
    }

    private void apply(LifecycleEvent event) {
        for (StageTransition t : machine.apply(history, event, lastScore == null ? null : lastScore.current())) {
            history = history.with(t);
        }
    }

    private Stage stage() {
        return history.current().stage();
    }
}
