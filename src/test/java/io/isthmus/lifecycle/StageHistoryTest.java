package io.isthmus.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.scoring.Score;
import io.isthmus.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageHistoryTest {

    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

    private static StageTransition move(Stage from, Stage to, Duration after) {
        return new StageTransition(from, to, T0.plus(after), "test", null, null,
                new LifecycleEvent.ScoreChanged(T0.plus(after), Score.ZERO));
    }

    private static Duration days(long d) {
        return Duration.ofDays(d);
    }

    private final StageHistory loop = StageHistory.EMPTY
            .with(move(Stage.VISITOR, Stage.LEAD, days(0)))
            .with(move(Stage.LEAD, Stage.MQL, days(12)))
            .with(move(Stage.MQL, Stage.SQL, days(13)))
            .with(move(Stage.SQL, Stage.RECYCLED, days(20)))
            .with(move(Stage.RECYCLED, Stage.MQL, days(65)));

    @Test
    void current_emptyHistory_isNewVisitor() {
        assertThat(StageHistory.EMPTY.current()).isEqualTo(LifecycleState.NEW_VISITOR);
        assertThat(StageHistory.EMPTY.timeInCurrentStage(T0)).isZero();
    }

    @Test
    void current_afterTransitions_isLastStageAndTime() {
        assertThat(loop.current()).isEqualTo(new LifecycleState(Stage.MQL, T0.plus(days(65)), null));
    }

    @Test
    void timeIn_stageVisitedTwice_addsBothVisitsCountingCurrentUpToNow() {
        Instant now = T0.plus(days(66));

        assertThat(loop.timeIn(Stage.MQL, now)).isEqualTo(days(13 - 12).plus(days(66 - 65)));
        assertThat(loop.timeIn(Stage.LEAD, now)).isEqualTo(days(12));
        assertThat(loop.timeIn(Stage.RECYCLED, now)).isEqualTo(days(65 - 20));
        assertThat(loop.timeIn(Stage.CUSTOMER, now)).isZero();
        assertThat(loop.timeInCurrentStage(now)).isEqualTo(days(1));
    }

    @Test
    void nurturePeriods_leadThenRecycledToMql_measuresEachPass() {
        assertThat(loop.nurturePeriods()).containsExactly(days(12), days(65 - 20));
        assertThat(loop.lastNurturePeriod()).contains(days(45));
    }

    @Test
    void enteredDates_stageVisitedTwice_firstAndLastDiffer() {
        assertThat(loop.firstEntered(Stage.MQL)).contains(T0.plus(days(12)));
        assertThat(loop.lastEntered(Stage.MQL)).contains(T0.plus(days(65)));
        assertThat(loop.lastEntered(Stage.OPPORTUNITY)).isEmpty();
    }

    @Test
    void constructor_transitionNotStartingWhereLastEnded_isRefused() {
        assertThatThrownBy(() -> new StageHistory(List.of(
                move(Stage.VISITOR, Stage.LEAD, days(0)), move(Stage.MQL, Stage.SQL, days(1)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not follow");
    }

    @Test
    void constructor_transitionEarlierThanPrevious_isRefused() {
        assertThatThrownBy(() -> new StageHistory(List.of(
                move(Stage.VISITOR, Stage.LEAD, days(2)), move(Stage.LEAD, Stage.MQL, days(1)))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sla_whileMql_countsHoursSinceMqlAndBreachesAfterLimit() {
        SettableClock clock = new SettableClock(T0.plus(days(12)));
        SlaClock sla = new SlaClock(clock, Duration.ofHours(48));
        StageHistory mql = new StageHistory(loop.transitions().subList(0, 2));

        clock.advance(Duration.ofMinutes(90));
        assertThat(sla.hours(mql)).contains(1.5);
        assertThat(sla.breached(mql)).isFalse();
        clock.advance(Duration.ofHours(47));
        assertThat(sla.hours(mql)).contains(48.5);
        assertThat(sla.breached(mql)).isTrue();
    }

    @Test
    void sla_afterAcceptanceOrBeforeMql_hasNoValue() {
        SlaClock sla = new SlaClock(new SettableClock(T0.plus(days(100))), Duration.ofHours(48));
        StageHistory sql = new StageHistory(loop.transitions().subList(0, 3));
        StageHistory lead = new StageHistory(loop.transitions().subList(0, 1));

        assertThat(sla.unaccepted(sql)).isEmpty();
        assertThat(sla.unaccepted(lead)).isEmpty();
        assertThat(sla.breached(sql)).isFalse();
    }
}
