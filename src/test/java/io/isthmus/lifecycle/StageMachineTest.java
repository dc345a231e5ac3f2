package io.isthmus.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.lifecycle.LifecycleEvent.AdvocateFlagged;
import io.isthmus.lifecycle.LifecycleEvent.ClosedLost;
import io.isthmus.lifecycle.LifecycleEvent.ClosedWon;
import io.isthmus.lifecycle.LifecycleEvent.Identified;
import io.isthmus.lifecycle.LifecycleEvent.LeadAccepted;
import io.isthmus.lifecycle.LifecycleEvent.LeadConverted;
import io.isthmus.lifecycle.LifecycleEvent.LeadDisqualified;
import io.isthmus.lifecycle.LifecycleEvent.LeadRejected;
import io.isthmus.lifecycle.LifecycleEvent.OpportunityStageChanged;
import io.isthmus.lifecycle.LifecycleEvent.ScoreChanged;
import io.isthmus.scoring.Score;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class StageMachineTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant T1 = T0.plus(Duration.ofHours(1));

    private static final LifecycleRules RULES = LifecycleRules.parse("lifecycle.yaml", """
            mql: { score: total, threshold: 50 }
            recycle:
              - { id: rejected, on: lead-rejected, from: [mql, sql], nurture: 30d }
              - { id: dq-nurture, on: lead-disqualified, from: [lead, mql, sql], nurture: 60d }
              - { id: lost, on: closed-lost, from: [sql, opportunity], nurture: 90d }
            disqualify: { reasons: [competitor, spam] }
            """);
    private final StageMachine machine = new StageMachine(RULES);

    private static LifecycleState in(Stage stage) {
        return new LifecycleState(stage, T0, null);
    }

    private static ScoreChanged score(int total) {
        return new ScoreChanged(T1, Score.of(total / 2, total - total / 2));
    }

    static Stream<Arguments> validTransitions() {
        return Stream.of(
                Arguments.of(Stage.VISITOR, new Identified(T1, "ann@buyer.example"), Stage.LEAD),
                Arguments.of(Stage.LEAD, score(50), Stage.MQL),
                Arguments.of(Stage.LEAD, new LeadAccepted(T1, "Working"), Stage.SQL),
                Arguments.of(Stage.MQL, new LeadAccepted(T1, "Working"), Stage.SQL),
                Arguments.of(Stage.RECYCLED, new LeadAccepted(T1, "Working"), Stage.SQL),
                Arguments.of(Stage.MQL, new LeadRejected(T1, "no budget"), Stage.RECYCLED),
                Arguments.of(Stage.SQL, new LeadRejected(T1, "no budget"), Stage.RECYCLED),
                Arguments.of(Stage.LEAD, new LeadDisqualified(T1, "not now"), Stage.RECYCLED),
                Arguments.of(Stage.MQL, new LeadDisqualified(T1, "Competitor"), Stage.DISQUALIFIED),
                Arguments.of(Stage.OPPORTUNITY, new LeadDisqualified(T1, "spam"), Stage.DISQUALIFIED),
                Arguments.of(Stage.MQL, new LeadConverted(T1, "003C", "001A", null), Stage.SQL),
                Arguments.of(Stage.SQL, new LeadConverted(T1, "003C", "001A", "006O"), Stage.OPPORTUNITY),
                Arguments.of(Stage.MQL, new LeadConverted(T1, "003C", "001A", "006O"), Stage.OPPORTUNITY),
                Arguments.of(Stage.SQL, new OpportunityStageChanged(T1, "006O", "Prospecting"), Stage.OPPORTUNITY),
                Arguments.of(Stage.OPPORTUNITY, new ClosedWon(T1, "006O", new BigDecimal("12000.00"),
                        LocalDate.of(2026, 3, 1)), Stage.CUSTOMER),
                Arguments.of(Stage.RECYCLED, new ClosedWon(T1, "006O", null, null), Stage.CUSTOMER),
                Arguments.of(Stage.DISQUALIFIED, new ClosedWon(T1, "006O", null, null), Stage.CUSTOMER),
                Arguments.of(Stage.OPPORTUNITY, new ClosedLost(T1, "006O", "price"), Stage.RECYCLED),
                Arguments.of(Stage.SQL, new ClosedLost(T1, "006O", "price"), Stage.RECYCLED),
                Arguments.of(Stage.CUSTOMER, new AdvocateFlagged(T1, "case study"), Stage.ADVOCATE));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("validTransitions")
    void next_validEvent_movesToExpectedStageAtEventTime(Stage from, LifecycleEvent event, Stage to) {
        Optional<StageTransition> t = machine.next(in(from), event);

        assertThat(t).hasValueSatisfying(tr -> {
            assertThat(tr.from()).isEqualTo(from);
            assertThat(tr.to()).isEqualTo(to);
            assertThat(tr.at()).isEqualTo(T1);
            assertThat(tr.event()).isSameAs(event);
            assertThat(tr.cause()).isNotBlank();
        });
    }

    static Stream<Arguments> refusedTransitions() {
        return Stream.of(
                Arguments.of(Stage.VISITOR, score(90), "anonymous visitor cannot be MQL"),
                Arguments.of(Stage.LEAD, score(49), "below threshold"),
                Arguments.of(Stage.MQL, score(90), "already MQL"),
                Arguments.of(Stage.SQL, score(90), "score never moves past MQL"),
                Arguments.of(Stage.DISQUALIFIED, score(90), "disqualified stays"),
                Arguments.of(Stage.LEAD, new Identified(T1, "a@b.example"), "already known"),
                Arguments.of(Stage.VISITOR, new Identified(T1, " "), "blank email"),
                Arguments.of(Stage.SQL, new LeadAccepted(T1, null), "already accepted"),
                Arguments.of(Stage.OPPORTUNITY, new LeadAccepted(T1, null), "backwards"),
                Arguments.of(Stage.DISQUALIFIED, new LeadAccepted(T1, null), "disqualified stays"),
                Arguments.of(Stage.LEAD, new LeadRejected(T1, "x"), "no recycle rule from lead"),
                Arguments.of(Stage.RECYCLED, new LeadRejected(T1, "x"), "already recycled"),
                Arguments.of(Stage.CUSTOMER, new LeadRejected(T1, "x"), "customers are not recycled"),
                Arguments.of(Stage.OPPORTUNITY, new LeadDisqualified(T1, "not now"), "no rule from opportunity"),
                Arguments.of(Stage.CUSTOMER, new LeadDisqualified(T1, "competitor"), "customer not disqualified"),
                Arguments.of(Stage.DISQUALIFIED, new LeadDisqualified(T1, "spam"), "already disqualified"),
                Arguments.of(Stage.OPPORTUNITY, new LeadConverted(T1, "c", "a", null), "backwards to SQL"),
                Arguments.of(Stage.CUSTOMER, new OpportunityStageChanged(T1, "o", "Negotiation"), "backwards"),
                Arguments.of(Stage.OPPORTUNITY, new OpportunityStageChanged(T1, "o", "Negotiation"), "same stage"),
                Arguments.of(Stage.CUSTOMER, new ClosedWon(T1, "o", null, null), "already customer"),
                Arguments.of(Stage.ADVOCATE, new ClosedWon(T1, "o", null, null), "advocate stays"),
                Arguments.of(Stage.MQL, new ClosedLost(T1, "o", "x"), "no rule from MQL"),
                Arguments.of(Stage.CUSTOMER, new ClosedLost(T1, "o", "x"), "customer keeps stage"),
                Arguments.of(Stage.OPPORTUNITY, new AdvocateFlagged(T1, null), "only customers"),
                Arguments.of(Stage.ADVOCATE, new AdvocateFlagged(T1, null), "already advocate"));
    }

    @ParameterizedTest(name = "{0} + {1}: {2}")
    @MethodSource("refusedTransitions")
    void next_eventNotAllowedFromStage_givesNoTransition(Stage from, LifecycleEvent event, String why) {
        assertThat(machine.next(in(from), event)).as(why).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void next_anyStage_scoreEventNeverMovesBackwards(Stage from) {
        Set<Stage> scoreTargets = EnumSet.of(Stage.MQL);
        machine.next(in(from), score(1000)).ifPresent(t -> {
            assertThat(scoreTargets).contains(t.to());
            assertThat(from).isIn(Stage.LEAD, Stage.RECYCLED);
        });
    }

    @Test
    void next_rejected_recyclesWithRuleReasonAndNurtureEnd() {
        StageTransition t = machine.next(in(Stage.MQL), new LeadRejected(T1, "no budget")).orElseThrow();

        assertThat(t.ruleId()).isEqualTo("rejected");
        assertThat(t.nurtureUntil()).isEqualTo(T1.plus(Duration.ofDays(30)));
        assertThat(t.cause()).isEqualTo("rejected by sales: no budget (rule rejected, nurture 30d)");
    }

    @Test
    void next_closedLost_usesClosedLostRuleAndItsNurture() {
        StageTransition t = machine.next(in(Stage.OPPORTUNITY), new ClosedLost(T1, "006O", "price")).orElseThrow();

        assertThat(t.ruleId()).isEqualTo("lost");
        assertThat(t.nurtureUntil()).isEqualTo(T1.plus(Duration.ofDays(90)));
        assertThat(t.cause()).startsWith("opportunity 006O closed lost: price");
    }

    @Test
    void next_closedWon_keepsAmountAndCloseDateInCauseAndEvent() {
        ClosedWon won = new ClosedWon(T1, "006O", new BigDecimal("12000.50"), LocalDate.of(2026, 2, 27));

        StageTransition t = machine.next(in(Stage.OPPORTUNITY), won).orElseThrow();

        assertThat(t.cause()).isEqualTo("opportunity 006O closed won 12000.50 on 2026-02-27");
        assertThat(((ClosedWon) t.event()).amount()).isEqualByComparingTo("12000.50");
    }

    @Test
    void next_disqualifiedWithListedReason_isNotRecycled() {
        StageTransition t = machine.next(in(Stage.SQL), new LeadDisqualified(T1, " SPAM ")).orElseThrow();

        assertThat(t.to()).isEqualTo(Stage.DISQUALIFIED);
        assertThat(t.ruleId()).isNull();
        assertThat(t.nurtureUntil()).isNull();
        assertThat(t.cause()).isEqualTo("disqualified by sales: SPAM");
    }

    @Test
    void next_recycledBeforeNurtureEnds_staysRecycledThenReMqlsAfter() {
        Instant recycledAt = T0;
        LifecycleState recycled = new LifecycleState(Stage.RECYCLED, recycledAt, recycledAt.plus(Duration.ofDays(30)));

        Optional<StageTransition> early = machine.next(recycled,
                new ScoreChanged(recycledAt.plus(Duration.ofDays(29)), Score.of(30, 40)));
        Optional<StageTransition> late = machine.next(recycled,
                new ScoreChanged(recycledAt.plus(Duration.ofDays(30)), Score.of(30, 40)));

        assertThat(early).isEmpty();
        assertThat(late).hasValueSatisfying(t -> {
            assertThat(t.to()).isEqualTo(Stage.MQL);
            assertThat(t.cause()).isEqualTo("total score 70 reached MQL threshold 50 again after nurture");
        });
    }

    @Test
    void next_mqlWithMinimumFit_requiresBothScoreAndFit() {
        StageMachine strict = new StageMachine(LifecycleRules.parse("l.yaml",
                "mql: { score: engagement, threshold: 30, min-fit: 20 }\n"));

        assertThat(strict.next(in(Stage.LEAD), new ScoreChanged(T1, Score.of(10, 80)))).isEmpty();
        assertThat(strict.next(in(Stage.LEAD), new ScoreChanged(T1, Score.of(20, 29)))).isEmpty();
        assertThat(strict.next(in(Stage.LEAD), new ScoreChanged(T1, Score.of(20, 30))))
                .hasValueSatisfying(t -> assertThat(t.cause())
                        .isEqualTo("engagement score 30 reached MQL threshold 30 with fit 20 >= 20"));
    }

    @Test
    void next_eventOlderThanCurrentStage_isStampedAtStageStart() {
        LifecycleState mql = new LifecycleState(Stage.MQL, T1, null);

        StageTransition t = machine.next(mql, new LeadAccepted(T0, "Working")).orElseThrow();

        assertThat(t.at()).isEqualTo(T1);
    }

    @Test
    void apply_identifiedWithScoreAlreadyOverThreshold_becomesLeadThenMql() {
        List<StageTransition> moves = machine.apply(StageHistory.EMPTY,
                new Identified(T1, "ann@buyer.example"), Score.of(20, 40));

        assertThat(moves).extracting(StageTransition::from, StageTransition::to).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Stage.VISITOR, Stage.LEAD),
                org.assertj.core.groups.Tuple.tuple(Stage.LEAD, Stage.MQL));
        assertThat(moves).allSatisfy(t -> assertThat(t.at()).isEqualTo(T1));
        assertThat(moves.get(1).event()).isEqualTo(new ScoreChanged(T1, Score.of(20, 40)));
    }

    @Test
    void apply_identifiedWithLowScore_becomesLeadOnly() {
        assertThat(machine.apply(StageHistory.EMPTY, new Identified(T1, "a@b.example"), Score.of(10, 10)))
                .extracting(StageTransition::to).containsExactly(Stage.LEAD);
    }

    @Test
    void apply_unchangedHighScoreAfterNurtureEnds_reMqlsOnTheNextEvent() {
        StageHistory recycled = new StageHistory(List.of(new StageTransition(Stage.MQL, Stage.RECYCLED, T0,
                "rejected", "rejected", T0.plus(Duration.ofDays(30)), new LeadRejected(T0, null))));
        Score stillHigh = Score.of(30, 30);

        List<StageTransition> during = machine.apply(recycled,
                new ScoreChanged(T0.plus(Duration.ofDays(10)), stillHigh), stillHigh);
        List<StageTransition> after = machine.apply(recycled,
                new ScoreChanged(T0.plus(Duration.ofDays(31)), stillHigh), stillHigh);

        assertThat(during).isEmpty();
        assertThat(after).extracting(StageTransition::to).containsExactly(Stage.MQL);
    }

    @Test
    void apply_crmOutcomeThenScore_doesNotReofferScoreAfterAcceptance() {
        StageHistory mql = new StageHistory(List.of(new StageTransition(Stage.LEAD, Stage.MQL, T0, "score", null,
                null, new ScoreChanged(T0, Score.of(30, 30)))));

        assertThat(machine.apply(mql, new LeadAccepted(T1, "Working"), Score.of(30, 30)))
                .extracting(StageTransition::to).containsExactly(Stage.SQL);
    }

    @Test
    void next_crmOutcomeWithEmptyIds_causeLeavesThemOut() {
        assertThat(machine.next(in(Stage.SQL), new OpportunityStageChanged(T1, null, null)))
                .hasValueSatisfying(t -> assertThat(t.cause()).isEqualTo("opportunity open"));
        assertThat(machine.next(in(Stage.MQL), new LeadConverted(T1, null, "001A", null)))
                .hasValueSatisfying(t -> assertThat(t.cause()).isEqualTo("converted"));
        assertThat(machine.next(in(Stage.SQL), new LeadConverted(T1, "003C", "001A", "006O")))
                .hasValueSatisfying(t -> assertThat(t.cause()).isEqualTo("converted with opportunity 006O"));
    }
}
