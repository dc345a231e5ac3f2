package io.isthmus.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.app.config.ConfigException;
import io.isthmus.app.config.ConfigProblem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LifecycleRulesTest {

    @Test
    void loadDefault_shippedResource_hasMqlAtFiftyAndRecycleRules() {
        LifecycleRules rules = LifecycleRules.loadDefault();

        assertThat(rules.mql()).isEqualTo(new LifecycleRules.MqlRule(LifecycleRules.MqlRule.Basis.TOTAL, 50, null));
        assertThat(rules.recycleRule(LifecycleRules.RecycleRule.Trigger.LEAD_REJECTED, Stage.MQL))
                .hasValueSatisfying(r -> assertThat(r.nurture()).isEqualTo(Duration.ofDays(30)));
        assertThat(rules.recycleRule(LifecycleRules.RecycleRule.Trigger.CLOSED_LOST, Stage.OPPORTUNITY)).isPresent();
        assertThat(rules.disqualifies("Competitor")).isTrue();
        assertThat(rules.slaAcceptance()).isEqualTo(Duration.ofHours(48));
        assertThat(rules.crmFields()).isEqualTo(CrmFieldNames.DEFAULTS);
    }

    @Test
    void load_repositoryConfigFile_parsesWithoutProblems() {
        assertThat(LifecycleRules.load(Path.of("config/lifecycle.yaml")).recycle()).hasSize(3);
    }

    @Test
    void parse_emptyFile_usesDefaultsWithNoRecycling() {
        LifecycleRules rules = LifecycleRules.parse("l.yaml", "");

        assertThat(rules.mql().threshold()).isEqualTo(50);
        assertThat(rules.recycle()).isEmpty();
        assertThat(rules.crmFields()).isEqualTo(CrmFieldNames.DEFAULTS);
    }

    @Test
    void parse_fieldSetEmpty_turnsThatFieldOff() {
        LifecycleRules rules = LifecycleRules.parse("l.yaml", """
                crm:
                  fields: { sla-hours: '', score: Lead_Score__c }
                """);

        assertThat(rules.crmFields().slaHours()).isNull();
        assertThat(rules.crmFields().score()).isEqualTo("Lead_Score__c");
        assertThat(rules.crmFields().stage()).isEqualTo(CrmFieldNames.DEFAULTS.stage());
    }

    @Test
    void parse_severalMistakes_reportsEveryOneWithLineAndColumn() {
        String yaml = """
                mql:
                  score: totl
                  threshold: -5
                recycle:
                  - id: rejected
                    on: lead-refused
                    from: [mql]
                    nurture: soon
                  - id: lost
                    on: closed-lost
                    from: [customer, opportunity]
                  - id: lost-again
                    on: closed-lost
                    from: [opportunity]
                crm:
                  lead-status:
                    accepted: [Working]
                    rejected: [working]
                  fields:
                    score: 'Isthmus Score'
                    stage: Isthmus_Fit_Score__c
                sla:
                  mql-acceptence: 48h
                """;

        assertThatThrownBy(() -> LifecycleRules.parse("lifecycle.yaml", yaml))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    List<String> m = e.problems().stream().map(ConfigProblem::toString).toList();
                    assertThat(m).containsExactlyInAnyOrder(
                            "lifecycle.yaml:2:10 mql.score: 'totl' is not allowed, expected one of total, fit, engagement",
                            "lifecycle.yaml:3:14 mql.threshold: is -5, expected a whole number from 1 to 100000",
                            "lifecycle.yaml:6:9 recycle[0].on: 'lead-refused' is not allowed, expected one of "
                                    + "lead-rejected, lead-disqualified, closed-lost",
                            "lifecycle.yaml:8:14 recycle[0].nurture: 'soon' is not a duration, expected e.g. 30s, 15m, 7d or PT15M",
                            "lifecycle.yaml:11:11 recycle[1].from: 'customer' cannot be recycled from, expected lead, mql, sql or opportunity",
                            "lifecycle.yaml:14:11 recycle[2].from: stage opportunity is already recycled on closed-lost by rule "
                                    + "'lost', expected each outcome and stage in one rule",
                            "lifecycle.yaml:18:15 crm.lead-status.rejected: status 'working' is also under accepted, "
                                    + "expected each status in one list",
                            "lifecycle.yaml:20:12 crm.fields.score: 'Isthmus Score' is not a field API name, "
                                    + "expected e.g. Isthmus_Score__c or '' to turn it off",
                            "lifecycle.yaml:21:12 crm.fields.stage: field Isthmus_Fit_Score__c is also used for fit-score, "
                                    + "expected one field per value",
                            "lifecycle.yaml:23:19 sla.mql-acceptence: unknown key 'mql-acceptence', expected one of mql-acceptance");
                });
    }

    @Test
    void parse_recycleRuleMissingKeys_reportsEachMissingKey() {
        assertThatThrownBy(() -> LifecycleRules.parse("l.yaml", "recycle:\n  - nurture: 5d\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::message).containsExactlyInAnyOrder(
                                "missing required key 'id'",
                                "missing required key 'on', expected lead-rejected, lead-disqualified or closed-lost",
                                "missing required key 'from', expected a list of stages such as [mql, sql]"));
    }

    @Test
    void leadStatus_comparesWithoutCase() {
        LeadStatusMapping m = new LeadStatusMapping(Set.of("working"), Set.of("unqualified"), Set.of());

        assertThat(m.meaning(" WORKING ")).contains(LeadStatusMapping.Meaning.ACCEPTED);
        assertThat(m.meaning("Unqualified")).contains(LeadStatusMapping.Meaning.REJECTED);
        assertThat(m.meaning("Open")).isEmpty();
    }
}
