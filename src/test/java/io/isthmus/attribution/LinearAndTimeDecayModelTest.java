package io.isthmus.attribution;

import static io.isthmus.attribution.Touches.revenue;
import static io.isthmus.attribution.Touches.touch;
import static io.isthmus.attribution.Touches.weights;
import static io.isthmus.attribution.Touches.won;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearAndTimeDecayModelTest {

    private static final TimeDecayModel WEEK = new TimeDecayModel(Duration.ofDays(7));

    private static Attribution credit(AttributionModel m, Journey j) {
        return new Attributor(List.of(m)).attribute(j, m);
    }

    @Test
    void linear_oneTouch_getsEverything() {
        assertThat(weights(credit(new LinearModel(), won(List.of(touch("t1", 1)), 1, 1, 2, "5"))))
                .containsExactly("t1=1.000000");
    }

    @Test
    void linear_twoTouches_halvesEach() {
        assertThat(revenue(credit(new LinearModel(), won(List.of(touch("t1", 1), touch("t2", 2)), 1, 1, 2, "0.01"))))
                .containsExactly("t1=0.01", "t2=0.00");
    }

    @Test
    void linear_threeTouches_leftoverMicroUnitAndCentGoToEarliest() {
        Attribution a = credit(new LinearModel(),
                won(List.of(touch("t3", 3), touch("t1", 1), touch("t2", 2)), 1, 2, 5, "100"));
        assertThat(weights(a)).containsExactly("t1=0.333334", "t2=0.333333", "t3=0.333333");
        assertThat(revenue(a)).containsExactly("t1=33.34", "t2=33.33", "t3=33.33");
    }

    @Test
    void linear_tieInTime_ordersByTouchId() {
        Attribution a = credit(new LinearModel(),
                won(List.of(touch("c", 1), touch("b", 1), touch("a", 1)), 1, 1, 2, "1"));
        assertThat(weights(a)).containsExactly("a=0.333334", "b=0.333333", "c=0.333333");
    }

    @Test
    void linear_touchAfterClose_isExcluded() {
        Attribution a = credit(new LinearModel(), won(List.of(touch("t1", 1), touch("t2", 2), touch("t3", 9)),
                1, 2, 5, "10"));
        assertThat(weights(a)).containsExactly("t1=0.500000", "t2=0.500000");
    }

    @Test
    void timeDecay_oneTouch_getsEverything() {
        assertThat(weights(credit(WEEK, won(List.of(touch("t1", 1)), 1, 1, 30, "5")))).containsExactly("t1=1.000000");
    }

    @Test
    void timeDecay_twoTouchesOneHalfLifeApart_splitOneToTwo() {
        Attribution a = credit(new TimeDecayModel(Duration.ofDays(1)),
                won(List.of(touch("t1", 0), touch("t2", 1)), 0, 1, 2, "3"));
        assertThat(weights(a)).containsExactly("t1=0.333333", "t2=0.666667");
        assertThat(revenue(a)).containsExactly("t1=1.00", "t2=2.00");
    }

    @Test
    void timeDecay_threeTouchesAWeekApart_halveEachWeekBack() {
        // 1/4 : 1/2 : 1 → 1/7, 2/7, 4/7; rounding gives the leftover micro-unit to 4/7 (.571428|57)
        Attribution a = credit(WEEK, won(List.of(touch("t1", 0), touch("t2", 7), touch("t3", 14), touch("late", 21)),
                0, 7, 20, "700"));
        assertThat(weights(a)).containsExactly("t1=0.142857", "t2=0.285714", "t3=0.571429");
        // 700 × weights = 99.9999, 199.9998, 400.0003: floors 99.99 + 199.99 + 400.00, two cents to the largest rests
        assertThat(revenue(a)).containsExactly("t1=100.00", "t2=200.00", "t3=400.00");
    }

    @Test
    void timeDecay_tieInTime_splitsEvenly() {
        Attribution a = credit(WEEK, won(List.of(touch("b", 3), touch("a", 3)), 3, 3, 4, "1"));
        assertThat(weights(a)).containsExactly("a=0.500000", "b=0.500000");
    }

    @Test
    void timeDecay_zeroHalfLife_isRefused() {
        assertThatThrownBy(() -> new TimeDecayModel(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
