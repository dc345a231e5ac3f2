package io.isthmus.attribution.funnel;

import static io.isthmus.attribution.funnel.FunnelFixture.HISTORY;
import static io.isthmus.attribution.funnel.FunnelFixture.days;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.attribution.FunnelStage;
import io.isthmus.attribution.funnel.StageMetrics.Conversion;
import io.isthmus.attribution.funnel.StageMetrics.MonthlyNurture;
import io.isthmus.attribution.funnel.StageMetrics.TimeInStage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageMetricsTest {

    @Test
    void conversions_handCountedFunnel_countSkippedStagesAsPassedThrough() {
        assertThat(StageMetrics.conversions(HISTORY)).containsExactly(
                new Conversion(FunnelStage.VISITOR, FunnelStage.LEAD, 4, 3, new BigDecimal("0.7500")),
                new Conversion(FunnelStage.LEAD, FunnelStage.MQL, 3, 3, new BigDecimal("1.0000")),
                new Conversion(FunnelStage.MQL, FunnelStage.SQL, 3, 2, new BigDecimal("0.6667")),
                new Conversion(FunnelStage.SQL, FunnelStage.OPPORTUNITY, 2, 1, new BigDecimal("0.5000")),
                new Conversion(FunnelStage.OPPORTUNITY, FunnelStage.CUSTOMER, 1, 1, new BigDecimal("1.0000")),
                new Conversion(FunnelStage.CUSTOMER, FunnelStage.ADVOCATE, 1, 0, new BigDecimal("0.0000")));
    }

    @Test
    void conversions_noTransitions_haveNoRate() {
        assertThat(StageMetrics.conversions(List.of())).allSatisfy(c -> {
            assertThat(c.reached()).isZero();
            assertThat(c.rate()).isNull();
        });
    }

    @Test
    void timeInStage_handCountedFunnel_mediansAndP90OverCompletedStays() {
        List<TimeInStage> t = StageMetrics.timeInStage(HISTORY);
        // visitor stays 1 and 3 days (b4 still a visitor); lead 3, 10, 2; MQL 2, 3; SQL 4 (b3 still SQL)
        assertThat(t.get(0)).isEqualTo(new TimeInStage(FunnelStage.VISITOR,
                new DurationStats(2, days(2), days(2.8)), 1));
        assertThat(t.get(1)).isEqualTo(new TimeInStage(FunnelStage.LEAD,
                new DurationStats(3, days(3), days(8.6)), 0));
        assertThat(t.get(2)).isEqualTo(new TimeInStage(FunnelStage.MQL,
                new DurationStats(2, days(2.5), days(2.9)), 0));
        assertThat(t.get(3)).isEqualTo(new TimeInStage(FunnelStage.SQL, new DurationStats(1, days(4), days(4)), 1));
        assertThat(t.get(4).completed().median()).isEqualTo(days(10));
        assertThat(t.get(5)).isEqualTo(new TimeInStage(FunnelStage.CUSTOMER, new DurationStats(0, null, null), 1));
        assertThat(t.get(7)).isEqualTo(new TimeInStage(FunnelStage.RECYCLED, new DurationStats(0, null, null), 1));
    }

    @Test
    void leadToMql_handCountedFunnel_leavesOutBuyersThatSkippedMql() {
        assertThat(StageMetrics.leadToMql(HISTORY)).containsExactlyInAnyOrder(days(3), days(10));
        assertThat(DurationStats.of(StageMetrics.leadToMql(HISTORY)))
                .isEqualTo(new DurationStats(2, days(6.5), days(9.3)));
    }

    @Test
    void leadToMqlByMonth_groupsByMonthOfMql() {
        // b1 became MQL on 29 January, b2 on 6 February
        assertThat(StageMetrics.leadToMqlByMonth(HISTORY, ZoneOffset.UTC)).containsExactly(
                new MonthlyNurture(YearMonth.of(2026, 1), new DurationStats(1, days(3), days(3))),
                new MonthlyNurture(YearMonth.of(2026, 2), new DurationStats(1, days(10), days(10))));
    }

    @Test
    void leadToMqlByMonth_monthIsTakenInTheGivenZone() {
        List<StageTransition> late = List.of(
                new StageTransition("b", null, FunnelStage.LEAD, Instant.parse("2026-01-10T00:00:00Z")),
                new StageTransition("b", FunnelStage.LEAD, FunnelStage.MQL, Instant.parse("2026-01-31T23:30:00Z")));
        assertThat(StageMetrics.leadToMqlByMonth(late, ZoneOffset.UTC).get(0).month()).isEqualTo(YearMonth.of(2026, 1));
        assertThat(StageMetrics.leadToMqlByMonth(late, ZoneId.of("Europe/Berlin")).get(0).month())
                .isEqualTo(YearMonth.of(2026, 2));
    }

    @Test
    void durationStats_fourValues_interpolateBetweenRanks() {
        assertThat(DurationStats.of(List.of(days(4), days(1), days(3), days(2))))
                .isEqualTo(new DurationStats(4, days(2.5), days(3.7)));
        assertThat(DurationStats.of(List.of())).isEqualTo(new DurationStats(0, null, null));
    }
}
