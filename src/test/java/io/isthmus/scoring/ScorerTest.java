package io.isthmus.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.isthmus.source.ActivityType;
import io.isthmus.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final SettableClock clock = new SettableClock(NOW);

    private static ScoringInput.Activity act(String ref, ActivityType type, Instant at, String asset) {
        return new ScoringInput.Activity(ref, type, at, asset);
    }

    private static ScoringInput activities(ScoringInput.Activity... a) {
        return new ScoringInput(null, Map.of(), List.of(a), false, false);
    }

    private Scorer scorer(String yaml) {
        return new Scorer(ScoringRules.parse("test.yaml", yaml), clock);
    }

    @Test
    void behaviour_pageViewMatchingAssetRegex_scoresOnlyMatchingPages() {
        Scorer scorer = scorer("""
                behaviour:
                  - id: pricing
                    activity: page-view
                    asset: '(?i)/pricing'
                    points: 10
                """);

        ScoreResult r = scorer.score(activities(
                act("v1", ActivityType.PAGE_VIEW, NOW, "https://x.example/Pricing?plan=pro"),
                act("v2", ActivityType.PAGE_VIEW, NOW, "https://x.example/blog"),
                act("v3", ActivityType.EMAIL_CLICK, NOW, "https://x.example/pricing"),
                act("v4", ActivityType.PAGE_VIEW, NOW, null)));

        assertThat(r.contributions()).extracting(ScoreContribution::activityRef).containsExactly("v1");
        assertThat(r.score()).isEqualTo(Score.of(0, 10));
    }

    @Test
    void behaviour_eachActivityType_scoresItsOwnRule() {
        Scorer scorer = scorer("""
                behaviour:
                  - { id: open, activity: email-open, points: 1 }
                  - { id: click, activity: email-click, points: 3 }
                  - { id: download, activity: content-download, points: 8 }
                  - { id: webinar, activity: webinar-attended, points: 15 }
                  - { id: form, activity: form-fill, points: 10 }
                """);

        ScoreResult r = scorer.score(activities(
                act("a", ActivityType.EMAIL_OPEN, NOW, "Newsletter"),
                act("b", ActivityType.EMAIL_CLICK, NOW, "Newsletter"),
                act("c", ActivityType.CONTENT_DOWNLOAD, NOW, "ebook.pdf"),
                act("d", ActivityType.WEBINAR_ATTENDED, NOW, "Q1 webinar"),
                act("e", ActivityType.FORM_FILL, NOW, "contact"),
                act("f", ActivityType.WEBINAR_REGISTERED, NOW, "Q1 webinar")));

        assertThat(r.contributions()).extracting(ScoreContribution::ruleId, ScoreContribution::activityRef)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("open", "a"),
                        org.assertj.core.groups.Tuple.tuple("click", "b"),
                        org.assertj.core.groups.Tuple.tuple("download", "c"),
                        org.assertj.core.groups.Tuple.tuple("webinar", "d"),
                        org.assertj.core.groups.Tuple.tuple("form", "e"));
        assertThat(r.score().engagement()).isEqualTo(1 + 3 + 8 + 15 + 10);
    }

    @Test
    void cap_perRule_keepsNewestActivitiesAndWithholdsTheRest() {
        Scorer scorer = scorer("""
                behaviour:
                  - { id: dl, activity: content-download, points: 8, cap: 20 }
                """);
        ScoringInput input = activities(
                act("old", ActivityType.CONTENT_DOWNLOAD, NOW.minus(Duration.ofDays(3)), "a"),
                act("mid", ActivityType.CONTENT_DOWNLOAD, NOW.minus(Duration.ofDays(2)), "b"),
                act("new", ActivityType.CONTENT_DOWNLOAD, NOW.minus(Duration.ofDays(1)), "c"));

        ScoreResult r = scorer.score(input);

        assertThat(r.contributions()).extracting(ScoreContribution::activityRef,
                        ScoreContribution::pointsBeforeDecay, ScoreContribution::withheldByCap)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("new", 8, 0),
                        org.assertj.core.groups.Tuple.tuple("mid", 8, 0),
                        org.assertj.core.groups.Tuple.tuple("old", 20 - 8 - 8, 8 - (20 - 8 - 8)));
        assertThat(r.score().engagement()).isEqualTo(20);
    }

    @Test
    void cap_perPeriod_limitsEveryRollingWindowButNotSeparateDays() {
        Scorer scorer = scorer("""
                behaviour:
                  - id: open
                    activity: email-open
                    points: 1
                    period-cap: { points: 3, period: 1d }
                """);
        List<ScoringInput.Activity> opens = new ArrayList<>();
        // Five opens within two hours, then five more two days later.
        for (int i = 0; i < 5; i++) {
            opens.add(act("d1-" + i, ActivityType.EMAIL_OPEN, NOW.minus(Duration.ofDays(3)).plusSeconds(600L * i), null));
            opens.add(act("d3-" + i, ActivityType.EMAIL_OPEN, NOW.minus(Duration.ofDays(1)).plusSeconds(600L * i), null));
        }

        ScoreResult r = scorer.score(new ScoringInput(null, null, opens, false, false));

        assertThat(r.score().engagement()).isEqualTo(3 + 3);
        assertThat(r.contributions()).filteredOn(c -> c.pointsBeforeDecay() == 0).hasSize(4)
                .allSatisfy(c -> assertThat(c.withheldByCap()).isEqualTo(1));
    }

    @Test
    void cap_perPeriodWindowRolls_activityJustOutsideWindowScoresAgain() {
        Scorer scorer = scorer("""
                behaviour:
                  - id: pricing
                    activity: page-view
                    points: 10
                    period-cap: { points: 10, period: 1d }
                """);
        Instant t = NOW.minus(Duration.ofDays(5));

        ScoreResult r = scorer.score(activities(
                act("a", ActivityType.PAGE_VIEW, t, "/p"),
                act("b", ActivityType.PAGE_VIEW, t.plus(Duration.ofHours(23)), "/p"),
                act("c", ActivityType.PAGE_VIEW, t.plus(Duration.ofHours(46)), "/p")));

        // c is newest and scores; b is within a day of c and is capped; a is more than a day before c and scores.
        assertThat(r.contributions()).extracting(ScoreContribution::activityRef, ScoreContribution::pointsBeforeDecay)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c", 10),
                        org.assertj.core.groups.Tuple.tuple("b", 0),
                        org.assertj.core.groups.Tuple.tuple("a", 10));
    }

    @Test
    void behaviour_negativePointsWithCap_subtractUpToTheCap() {
        Scorer scorer = scorer("""
                behaviour:
                  - { id: careers, activity: page-view, asset: /careers, points: -5, cap: 8 }
                """);

        ScoreResult r = scorer.score(activities(
                act("a", ActivityType.PAGE_VIEW, NOW, "/careers"),
                act("b", ActivityType.PAGE_VIEW, NOW.minusSeconds(1), "/careers/dev")));

        assertThat(r.contributions()).extracting(ScoreContribution::pointsBeforeDecay).containsExactly(-5, -3);
        assertThat(r.score()).isEqualTo(Score.of(0, -8));
    }

    @Test
    void fit_equalsInRegexAndRange_eachMatchesItsAttribute() {
        Scorer scorer = scorer("""
                fit:
                  - { id: vp, label: VP title, attribute: seniority, equals: VP, points: 15 }
                  - { id: industry, attribute: industry, in: [software, banking], points: 10 }
                  - { id: ops, attribute: persona, matches: '(?i)^marketing', points: 7 }
                  - { id: mid, attribute: company-size, min: 100, max: 999, points: 4 }
                  - { id: big, attribute: company-size, min: 1000, points: 9 }
                  - { id: us, attribute: country, equals: US, points: 2 }
                  - { id: buyer, attribute: buying-role, equals: decision-maker, points: 6 }
                  - { id: plan, attribute: custom.plan, equals: trial, points: 3 }
                """);
        ScoringInput input = new ScoringInput("a@b.com", Map.of(
                "seniority", " vp ", "Industry", "Software", "persona", "Marketing Ops",
                "company-size", "1,200", "country", "DE", "buying-role", "decision-maker", "custom.plan", "trial"),
                List.of(), false, false);

        ScoreResult r = scorer.score(input);

        assertThat(r.contributions()).extracting(ScoreContribution::ruleId)
                .containsExactly("vp", "industry", "ops", "big", "buyer", "plan");
        assertThat(r.contributions()).allSatisfy(c -> {
            assertThat(c.kind()).isEqualTo(ScoreKind.FIT);
            assertThat(c.activityRef()).isNull();
        });
        assertThat(r.score()).isEqualTo(Score.of(15 + 10 + 7 + 9 + 6 + 3, 0));
    }

    @Test
    void fit_rangeWithTextValue_doesNotMatch() {
        Scorer scorer = scorer("fit:\n  - { id: mid, attribute: company-size, min: 100, max: 999, points: 4 }\n");

        assertThat(scorer.score(new ScoringInput(null, Map.of("company-size", "51-200"), null, false, false))
                .contributions()).isEmpty();
        assertThat(scorer.score(new ScoringInput(null, Map.of("company-size", "999"), null, false, false))
                .score().fit()).isEqualTo(4);
    }

    @Test
    void negative_competitorStudentUnsubscribeBounce_eachSubtractsFromItsScore() {
        Scorer scorer = scorer("""
                negative:
                  - { id: rival, when: email-domain, domains: [rival.com], points: -100 }
                  - { id: student, when: email-domain, domains: [.edu, .ac.uk], points: -30 }
                  - { id: unsub, when: unsubscribed, points: -20 }
                  - { id: bounce, when: bounced, points: -15, score: fit }
                """);

        assertThat(scorer.score(new ScoringInput("x@sales.rival.com", null, null, false, false)).score())
                .isEqualTo(Score.of(-100, 0));
        assertThat(scorer.score(new ScoringInput("x@notrival.com", null, null, false, false)).score())
                .isEqualTo(Score.ZERO);
        assertThat(scorer.score(new ScoringInput("x@cs.ox.ac.uk", null, null, false, false)).score())
                .isEqualTo(Score.of(-30, 0));
        assertThat(scorer.score(new ScoringInput("x@MIT.EDU", null, null, false, false)).score())
                .isEqualTo(Score.of(-30, 0));
        assertThat(scorer.score(new ScoringInput("x@edu.com", null, null, false, false)).score())
                .isEqualTo(Score.ZERO);
        assertThat(scorer.score(new ScoringInput(null, null, null, true, false)).score())
                .isEqualTo(Score.of(0, -20));
        assertThat(scorer.score(new ScoringInput(null, null, null, false, true)).score())
                .isEqualTo(Score.of(-15, 0));
    }

    @Test
    void decay_afterOneHalfLife_halvesEngagementPoints() {
        Scorer scorer = scorer("""
                decay: { half-life: 30d }
                behaviour:
                  - { id: webinar, activity: webinar-attended, points: 20 }
                """);
        ScoringInput input = activities(act("w", ActivityType.WEBINAR_ATTENDED, NOW, "Q1"));

        assertThat(scorer.score(input).score().engagement()).isEqualTo(20);
        clock.advance(Duration.ofDays(30));
        ScoreResult afterOne = scorer.score(input);
        clock.advance(Duration.ofDays(30));
        ScoreResult afterTwo = scorer.score(input);

        assertThat(afterOne.contributions().get(0).pointsBeforeDecay()).isEqualTo(20);
        assertThat(afterOne.contributions().get(0).pointsAfterDecay()).isCloseTo(20 / 2.0, within(1e-9));
        assertThat(afterOne.score().engagement()).isEqualTo(20 / 2);
        assertThat(afterTwo.score().engagement()).isEqualTo(20 / 4);
    }

    @Test
    void decay_overSimulatedDays_fallsMonotonicallyAndLeavesFitAlone() {
        Scorer scorer = scorer("""
                decay: { half-life: 7d }
                behaviour:
                  - { id: dl, activity: content-download, points: 40 }
                fit:
                  - { id: vp, attribute: seniority, equals: vp, points: 15 }
                """);
        ScoringInput input = new ScoringInput(null, Map.of("seniority", "vp"),
                List.of(act("d", ActivityType.CONTENT_DOWNLOAD, NOW, "ebook")), false, false);

        int last = Integer.MAX_VALUE;
        for (int day = 0; day <= 60; day++) {
            ScoreResult r = scorer.score(input);
            int expected = (int) Math.round(40 * Math.pow(0.5, day / 7.0));
            assertThat(r.score().engagement()).as("day %d", day).isEqualTo(expected).isLessThanOrEqualTo(last);
            assertThat(r.score().fit()).isEqualTo(15);
            last = r.score().engagement();
            clock.advance(Duration.ofDays(1));
        }
        assertThat(last).isZero();
    }

    @Test
    void decay_ruleMarkedNotDecaying_keepsFullPoints() {
        Scorer scorer = scorer("""
                decay: { half-life: 1d }
                behaviour:
                  - { id: demo, activity: form-fill, points: 25, decays: false }
                """);

        ScoreResult r = scorer.score(activities(act("f", ActivityType.FORM_FILL, NOW.minus(Duration.ofDays(90)), "demo")));

        assertThat(r.score().engagement()).isEqualTo(25);
    }

    @Test
    void decay_activityStampedInTheFuture_countsAsNew() {
        Scorer scorer = scorer("decay: { half-life: 1d }\nbehaviour:\n  - { id: o, activity: email-open, points: 4 }\n");

        ScoreResult r = scorer.score(activities(act("o", ActivityType.EMAIL_OPEN, NOW.plus(Duration.ofHours(5)), null)));

        assertThat(r.contributions().get(0).pointsAfterDecay()).isEqualTo(4.0);
    }

    @Test
    void rescore_againstPreviousScore_reportsDeltasAndChange() {
        Scorer scorer = scorer("""
                behaviour:
                  - { id: dl, activity: content-download, points: 8 }
                fit:
                  - { id: vp, attribute: seniority, equals: vp, points: 15 }
                """);
        ScoringInput input = new ScoringInput(null, Map.of("seniority", "vp"),
                List.of(act("d", ActivityType.CONTENT_DOWNLOAD, NOW, "x")), false, false);

        ScoreChange first = scorer.rescore(null, input);
        ScoreChange same = scorer.rescore(first.current(), input);
        ScoreChange lower = scorer.rescore(Score.of(15, 20), input);

        assertThat(first.changed()).isTrue();
        assertThat(first.totalDelta()).isEqualTo(23);
        assertThat(same.changed()).isFalse();
        assertThat(lower.engagementDelta()).isEqualTo(8 - 20);
        assertThat(lower.fitDelta()).isZero();
        assertThat(lower.summary()).isEqualTo("+15 vp, +8 dl");
        assertThat(lower.at()).isEqualTo(NOW);
    }

    @Test
    void score_totalAlwaysEqualsFitPlusRoundedEngagement() {
        Scorer scorer = scorer("""
                decay: { half-life: 3d }
                behaviour:
                  - { id: o, activity: email-open, points: 3 }
                fit:
                  - { id: c, attribute: country, equals: us, points: 5 }
                """);
        List<ScoringInput.Activity> opens = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            opens.add(act("o" + i, ActivityType.EMAIL_OPEN, NOW.minus(Duration.ofHours(17L * i)), null));
        }

        ScoreResult r = scorer.score(new ScoringInput(null, Map.of("country", "US"), opens, false, false));

        double exact = r.contributions().stream().filter(c -> c.kind() == ScoreKind.ENGAGEMENT)
                .mapToDouble(ScoreContribution::pointsAfterDecay).sum();
        assertThat(r.score().engagement()).isEqualTo((int) Math.round(exact));
        assertThat(r.score().total()).isEqualTo(5 + r.score().engagement());
    }
}
