package io.isthmus.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.source.ActivityType;
import io.isthmus.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ScoreSummaryTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Pattern ITEM = Pattern.compile("([+\u2212])(\\d+) ");

    private static ScoreContribution activity(String id, String label, int before, double after) {
        return new ScoreContribution(id, label, ScoreKind.ENGAGEMENT, id + "-ref", NOW, before, after, 0, 1);
    }

    private static ScoreContribution fit(String id, String label, int points) {
        return new ScoreContribution(id, label, ScoreKind.FIT, null, null, points, points, 0, 1);
    }

    @Test
    void format_groupsPerRuleWithCountsAndOneDecayItem() {
        List<ScoreContribution> rows = List.of(
                activity("pricing", "pricing page", 10, 7.0),
                activity("pricing", "pricing page", 5, 4.0),
                activity("pricing", "pricing page", 5, 3.0),
                fit("vp", "VP title", 15));
        Score score = Scorer.total(rows);

        String text = new ScoreSummary(255).format(rows, score);

        assertThat(text).isEqualTo("+20 pricing page \u00d73, +15 VP title, \u22126 decay");
    }

    @Test
    void format_cappedActivities_countAsMatchesButAddNoPoints() {
        List<ScoreContribution> rows = List.of(
                activity("open", "email open", 1, 1),
                activity("open", "email open", 1, 1),
                new ScoreContribution("open", "email open", ScoreKind.ENGAGEMENT, "x", NOW, 0, 0, 1, 1));

        assertThat(new ScoreSummary(255).format(rows, Scorer.total(rows))).isEqualTo("+2 email open \u00d73");
    }

    @Test
    void format_negativeItems_useMinusSignAndSortBySize() {
        List<ScoreContribution> rows = List.of(fit("size", "small company", 3), fit("student", "student address", -30),
                fit("vp", "VP title", 15));

        assertThat(new ScoreSummary(255).format(rows, Scorer.total(rows)))
                .isEqualTo("\u221230 student address, +15 VP title, +3 small company");
    }

    @Test
    void format_nothingScored_isEmpty() {
        assertThat(new ScoreSummary(255).format(List.of(), Score.ZERO)).isEmpty();
    }

    @Test
    void format_itemsAlwaysAddUpToTotal_forARealScoredBuyer() {
        SettableClock clock = new SettableClock(NOW);
        Scorer scorer = new Scorer(ScoringRules.loadDefault(), clock);
        List<ScoringInput.Activity> acts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            acts.add(new ScoringInput.Activity("p" + i, ActivityType.PAGE_VIEW, NOW.minus(Duration.ofDays(5L * i)),
                    i % 3 == 0 ? "https://x.example/pricing" : "https://x.example/blog/" + i));
            acts.add(new ScoringInput.Activity("o" + i, ActivityType.EMAIL_OPEN, NOW.minus(Duration.ofDays(3L * i)), "nl"));
        }
        ScoringInput input = new ScoringInput("ann@buyer.example",
                Map.of("seniority", "vp", "company-size", "450", "country", "US"), acts, false, false);

        ScoreChange change = scorer.rescore(null, input);

        int sum = 0;
        Matcher m = ITEM.matcher(change.summary());
        while (m.find()) {
            int n = Integer.parseInt(m.group(2));
            sum += m.group(1).equals("+") ? n : -n;
        }
        assertThat(change.summary()).contains("VP title").contains("decay");
        assertThat(sum).isEqualTo(change.current().total());
    }

    @Test
    void format_tooLong_dropsSmallestWholeItemsAndMarksTheCut() {
        List<ScoreContribution> rows = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            rows.add(fit("r" + i, "rule number " + i, i));
        }
        ScoreSummary summary = new ScoreSummary(60);

        String text = summary.format(rows, Scorer.total(rows));

        assertThat(text.length()).isLessThanOrEqualTo(60);
        assertThat(text).startsWith("+30 rule number 30, +29 rule number 29").endsWith(", \u2026");
        assertThat(text.split(", ")).allSatisfy(part -> assertThat(part).matches("\\+\\d+ rule number \\d+|\u2026"));
    }

    @Test
    void format_firstItemLongerThanField_isCutWithoutSplittingACharacter() {
        String label = "caf\u00e9 \ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00";
        List<ScoreContribution> rows = List.of(fit("x", label, 5));

        for (int max = 2; max <= 16; max++) {
            String text = new ScoreSummary(max).format(rows, Scorer.total(rows));
            assertThat(text.length()).as("max %d", max).isLessThanOrEqualTo(max);
            if (text.endsWith(ScoreSummary.MORE)) {
                assertThat(text.length()).isGreaterThan(1);
                boolean split = text.length() > 1 && Character.isHighSurrogate(text.charAt(text.length() - 2));
                assertThat(split).as("max %d: %s", max, text).isFalse();
            } else {
                assertThat(text).isEqualTo("+5 " + label);
            }
        }
    }

    @Test
    void constructor_lengthBelowTwo_isRefused() {
        assertThatThrownBy(() -> new ScoreSummary(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
