package io.isthmus.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.app.config.ConfigException;
import io.isthmus.app.config.ConfigProblem;
import io.isthmus.source.ActivityType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoringRulesTest {

    @Test
    void loadDefault_shippedResource_parsesWithEveryRuleKind() {
        ScoringRules rules = ScoringRules.loadDefault();

        assertThat(rules.decay().halfLife()).isEqualTo(Duration.ofDays(30));
        assertThat(rules.summaryMaxLength()).isEqualTo(255);
        assertThat(rules.behaviour()).extracting(BehaviourRule::activity)
                .contains(ActivityType.EMAIL_OPEN, ActivityType.EMAIL_CLICK, ActivityType.PAGE_VIEW,
                        ActivityType.CONTENT_DOWNLOAD, ActivityType.WEBINAR_ATTENDED, ActivityType.FORM_FILL);
        assertThat(rules.fit()).extracting(FitRule::attribute)
                .contains(ScoringInput.COMPANY_SIZE, ScoringInput.INDUSTRY, ScoringInput.COUNTRY,
                        ScoringInput.SENIORITY, ScoringInput.PERSONA, ScoringInput.BUYING_ROLE);
        assertThat(rules.negative()).extracting(NegativeRule::when).containsExactlyInAnyOrder(
                NegativeRule.When.EMAIL_DOMAIN, NegativeRule.When.EMAIL_DOMAIN,
                NegativeRule.When.UNSUBSCRIBED, NegativeRule.When.BOUNCED);
    }

    @Test
    void load_repositoryConfigFile_parsesWithoutProblems() {
        ScoringRules rules = ScoringRules.load(Path.of("config/scoring.yaml"));

        assertThat(rules.behaviour()).isNotEmpty();
        assertThat(rules.source()).endsWith("scoring.yaml");
    }

    @Test
    void parse_behaviourRuleWithAllKeys_keepsEveryValue() {
        ScoringRules rules = ScoringRules.parse("s.yaml", """
                behaviour:
                  - id: pricing
                    label: pricing page
                    activity: page_view
                    asset: '/pricing$'
                    points: 10
                    cap: 40
                    period-cap: { points: 20, period: 7d }
                    decays: false
                """);

        BehaviourRule r = rules.behaviour().get(0);
        assertThat(r.id()).isEqualTo("pricing");
        assertThat(r.label()).isEqualTo("pricing page");
        assertThat(r.activity()).isEqualTo(ActivityType.PAGE_VIEW);
        assertThat(r.asset().pattern()).isEqualTo("/pricing$");
        assertThat(r.points()).isEqualTo(10);
        assertThat(r.cap()).isEqualTo(40);
        assertThat(r.periodCap()).isEqualTo(new BehaviourRule.PeriodCap(20, Duration.ofDays(7)));
        assertThat(r.decays()).isFalse();
        assertThat(rules.decay()).isEqualTo(Decay.NONE);
    }

    @Test
    void parse_ruleWithoutLabel_usesIdAsLabel() {
        ScoringRules rules = ScoringRules.parse("s.yaml", """
                fit:
                  - id: big-company
                    attribute: company-size
                    min: 1000
                    points: 5
                """);

        assertThat(rules.fit().get(0).label()).isEqualTo("big-company");
        assertThat(rules.fit().get(0).min()).isEqualTo(1000.0);
        assertThat(rules.fit().get(0).max()).isNull();
    }

    @Test
    void parse_severalMistakes_reportsEveryOneWithLineAndColumn() {
        String yaml = """
                decay:
                  half-life: -5d
                behaviour:
                  - id: open
                    activity: pagevisit
                    points: 1
                  - id: pricing
                    activity: page-view
                    asset: '(pricing'
                    points: 10
                    colour: red
                fit:
                  - id: open
                    attribute: seniorty
                    equals: vp
                    points: 5
                negative:
                  - id: rival
                    when: email-domain
                    domains: [rival.com]
                    points: 20
                """;

        assertThatThrownBy(() -> ScoringRules.parse("scoring.yaml", yaml))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    List<String> messages = e.problems().stream().map(ConfigProblem::toString).toList();
                    assertThat(messages).hasSize(7);
                    assertThat(messages).anySatisfy(m -> assertThat(m)
                            .isEqualTo("scoring.yaml:2:14 decay.half-life: '-5d' is negative, expected a positive duration such as 30d"));
                    assertThat(messages).anySatisfy(m -> assertThat(m)
                            .startsWith("scoring.yaml:5:15 behaviour[0].activity: 'pagevisit' is not allowed")
                            .contains("page-view"));
                    assertThat(messages).anySatisfy(m -> assertThat(m)
                            .startsWith("scoring.yaml:9:12 behaviour[1].asset: '(pricing' is not a valid regular"));
                    assertThat(messages).anySatisfy(m -> assertThat(m)
                            .startsWith("scoring.yaml:11:13 behaviour[1].colour: unknown key 'colour'"));
                    assertThat(messages).anySatisfy(m -> assertThat(m)
                            .startsWith("scoring.yaml:13:9 fit[0].id: duplicate id 'open'")
                            .contains("line 4"));
                    assertThat(messages).anySatisfy(m -> assertThat(m)
                            .startsWith("scoring.yaml:14:16 fit[0].attribute: unknown attribute 'seniorty'"));
                    assertThat(messages).contains(
                            "scoring.yaml:21:13 negative[0].points: is 20, expected a whole number from -1000 to -1");
                });
    }

    @Test
    void parse_positiveNegativeRulePoints_isRefused() {
        assertThatThrownBy(() -> ScoringRules.parse("s.yaml", """
                negative:
                  - id: rival
                    when: email-domain
                    domains: [rival.com]
                    points: 20
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .singleElement().hasToString("s.yaml:5:13 negative[0].points: is 20, expected a whole number from -1000 to -1"));
    }

    @Test
    void parse_zeroHalfLife_isRefusedWithHowToTurnDecayOff() {
        assertThatThrownBy(() -> ScoringRules.parse("s.yaml", "decay:\n  half-life: 0d\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p.toString()).startsWith("s.yaml:2:14 decay.half-life: is zero")
                                .contains("leave the key out")));
    }

    @Test
    void parse_fitRuleWithTwoConditionsAndNoPoints_reportsBoth() {
        assertThatThrownBy(() -> ScoringRules.parse("s.yaml", """
                fit:
                  - id: vp
                    attribute: seniority
                    equals: vp
                    matches: '(?i)vice'
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                        "s.yaml:2:5 fit[0]: missing required key 'points', expected a whole number",
                        "s.yaml:2:5 fit[0]: has 2 conditions, expected exactly one of equals, in, matches or min/max"));
    }

    @Test
    void parse_negativeRuleMissingWhenAndDomainsOnConsentRule_reportsBoth() {
        assertThatThrownBy(() -> ScoringRules.parse("s.yaml", """
                negative:
                  - id: a
                    points: -5
                  - id: b
                    when: unsubscribed
                    domains: [x.com]
                    points: -5
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .extracting(ConfigProblem::toString).contains(
                        "s.yaml:2:5 negative[0]: missing required key 'when', expected email-domain, unsubscribed or bounced",
                        "s.yaml:6:14 negative[1].domains: is only used with when: email-domain, expected no domains here"));
    }

    @Test
    void parse_zeroPointsAndZeroPeriod_areRefused() {
        assertThatThrownBy(() -> ScoringRules.parse("s.yaml", """
                behaviour:
                  - id: a
                    activity: email-open
                    points: 0
                    period-cap: { points: 3, period: 0s }
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                        "s.yaml:4:13 behaviour[0].points: is 0, expected points other than zero (remove the rule to turn it off)",
                        "s.yaml:5:38 behaviour[0].period-cap.period: is zero, expected a positive duration such as 1d or 7d"));
    }

    @Test
    void parse_invalidYamlSyntax_reportsPosition() {
        assertThatThrownBy(() -> ScoringRules.parse("s.yaml", "behaviour:\n  - id: [a\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.line()).isPositive();
                            assertThat(p.message()).startsWith("invalid YAML");
                        }));
    }
}
