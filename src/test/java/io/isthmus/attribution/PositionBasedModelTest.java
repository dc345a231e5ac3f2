package io.isthmus.attribution;

import static io.isthmus.attribution.Touches.open;
import static io.isthmus.attribution.Touches.revenue;
import static io.isthmus.attribution.Touches.touch;
import static io.isthmus.attribution.Touches.weights;
import static io.isthmus.attribution.Touches.won;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PositionBasedModelTest {

    private static final List<Touch> SIX = List.of(touch("t1", 1), touch("t2", 2), touch("t3", 3),
            touch("t4", 4), touch("t5", 5), touch("t6", 6));

    private static PositionBasedModel model(String name, Object... positionWeight) {
        Map<Position, BigDecimal> w = new LinkedHashMap<>();
        for (int i = 0; i < positionWeight.length; i += 2) {
            w.put((Position) positionWeight[i], new BigDecimal((String) positionWeight[i + 1]));
        }
        return new PositionBasedModel(name, w);
    }

    private static final PositionBasedModel U = model("u-shaped",
            Position.FIRST_TOUCH, "0.4", Position.LEAD_CREATION, "0.4");
    private static final PositionBasedModel W = model("w-shaped", Position.FIRST_TOUCH, "0.3",
            Position.LEAD_CREATION, "0.3", Position.OPPORTUNITY_CREATION, "0.3");
    private static final PositionBasedModel FULL = model("full-path", Position.FIRST_TOUCH, "0.225",
            Position.LEAD_CREATION, "0.225", Position.OPPORTUNITY_CREATION, "0.225", Position.CLOSED_WON, "0.225");

    private static Attribution credit(AttributionModel m, Journey j) {
        return new Attributor(List.of(m)).attribute(j, m);
    }

    @Test
    void firstTouch_manyTouches_givesAllToEarliest() {
        Attribution a = credit(PositionBasedModel.firstTouch(), won(SIX, 2.5, 4.5, 10, "1000"));
        assertThat(weights(a)).containsExactly("t1=1.000000", "t2=0.000000", "t3=0.000000", "t4=0.000000",
                "t5=0.000000", "t6=0.000000");
        assertThat(revenue(a).get(0)).isEqualTo("t1=1000.00");
    }

    @Test
    void firstTouch_tieInTime_goesToSmallerTouchId() {
        Attribution a = credit(PositionBasedModel.firstTouch(),
                won(List.of(touch("b", 1), touch("a", 1)), 1, 1, 2, "10"));
        assertThat(weights(a)).containsExactly("a=1.000000", "b=0.000000");
    }

    @Test
    void lastTouch_touchAfterClose_goesToLastTouchBeforeClose() {
        Attribution a = credit(PositionBasedModel.lastTouch(),
                won(List.of(touch("t1", 1), touch("t2", 2), touch("t3", 12)), 1, 1.5, 10, "50"));
        assertThat(weights(a)).containsExactly("t1=0.000000", "t2=1.000000");
    }

    @Test
    void lastTouch_tieInTime_goesToGreaterTouchId() {
        Attribution a = credit(PositionBasedModel.lastTouch(),
                won(List.of(touch("b", 1), touch("a", 1)), 1, 1, 2, "10"));
        assertThat(weights(a)).containsExactly("a=0.000000", "b=1.000000");
    }

    @Test
    void uShaped_oneTouch_getsEverything() {
        Attribution a = credit(U, won(List.of(touch("t1", 1)), 1, 2, 3, "99.99"));
        assertThat(weights(a)).containsExactly("t1=1.000000");
        assertThat(revenue(a)).containsExactly("t1=99.99");
    }

    @Test
    void uShaped_twoTouches_splitsByPositionWeightsRenormalised() {
        assertThat(weights(credit(U, won(List.of(touch("t1", 1), touch("t2", 2)), 2, 3, 4, "100"))))
                .containsExactly("t1=0.500000", "t2=0.500000");
        PositionBasedModel uneven = model("u-shaped", Position.FIRST_TOUCH, "0.3", Position.LEAD_CREATION, "0.5");
        // 0.3 : 0.5 with the 0.2 share dropped (nothing between) → 0.375 : 0.625
        assertThat(weights(credit(uneven, won(List.of(touch("t1", 1), touch("t2", 2)), 2, 3, 4, "100"))))
                .containsExactly("t1=0.375000", "t2=0.625000");
    }

    @Test
    void uShaped_manyTouches_sharesTwentyBetweenAndNothingAfterLeadCreation() {
        Attribution a = credit(U, won(SIX, 4.5, 5.5, 10, "1000"));
        assertThat(weights(a)).containsExactly("t1=0.400000", "t2=0.100000", "t3=0.100000", "t4=0.400000",
                "t5=0.000000", "t6=0.000000");
        assertThat(revenue(a)).containsExactly("t1=400.00", "t2=100.00", "t3=100.00", "t4=400.00",
                "t5=0.00", "t6=0.00");
    }

    @Test
    void uShaped_vendorFiftyFifty_givesNothingBetween() {
        PositionBasedModel fifty = model("u-shaped", Position.FIRST_TOUCH, "0.5", Position.LEAD_CREATION, "0.5");
        assertThat(weights(credit(fifty, won(SIX, 4.5, 5.5, 10, "1000")))).containsExactly("t1=0.500000",
                "t2=0.000000", "t3=0.000000", "t4=0.500000", "t5=0.000000", "t6=0.000000");
    }

    @Test
    void uShaped_tiesInTime_orderByTouchIdAndMilestoneTakesGreatestId() {
        // a and b at day 1, c at day 2, lead created at day 2: first = a, lead creation = c, b between
        Attribution a = credit(U, won(List.of(touch("b", 1), touch("c", 2), touch("a", 1)), 2, 3, 4, "10"));
        assertThat(weights(a)).containsExactly("a=0.400000", "b=0.200000", "c=0.400000");
        // x and y both exactly at lead creation: first = x, lead creation = y (last at or before, greatest id)
        Attribution tie = credit(U, won(List.of(touch("y", 1), touch("x", 1)), 1, 3, 4, "10"));
        assertThat(weights(tie)).containsExactly("x=0.500000", "y=0.500000");
    }

    @Test
    void uShaped_leadCreatedBeforeAnyTouch_givesFirstTouchEverything() {
        Attribution a = credit(U, won(List.of(touch("t1", 1), touch("t2", 2)), 0.5, 3, 4, "10"));
        assertThat(weights(a)).containsExactly("t1=1.000000", "t2=0.000000");
    }

    @Test
    void wShaped_oneTouch_getsEverything() {
        assertThat(weights(credit(W, won(List.of(touch("t1", 1)), 1, 1, 2, "10")))).containsExactly("t1=1.000000");
    }

    @Test
    void wShaped_twoTouches_foldsSharedPositionsAndRoundsToExactlyOne() {
        // t1 is first touch and lead creation (0.6), t2 opportunity creation (0.3): 2/3 and 1/3 after dropping 0.1
        Attribution a = credit(W, won(List.of(touch("t1", 1), touch("t2", 2)), 1.5, 2.5, 5, "100"));
        assertThat(weights(a)).containsExactly("t1=0.666667", "t2=0.333333");
        assertThat(revenue(a)).containsExactly("t1=66.67", "t2=33.33");
    }

    @Test
    void wShaped_manyTouches_givesTenToTheTouchBetweenAndNothingAfterOpportunity() {
        Attribution a = credit(W, won(SIX, 2.5, 4.5, 10, "1000"));
        assertThat(weights(a)).containsExactly("t1=0.300000", "t2=0.300000", "t3=0.100000", "t4=0.300000",
                "t5=0.000000", "t6=0.000000");
    }

    @Test
    void fullPath_manyTouches_givesTwentyTwoAndAHalfToEachMilestoneAndSharesTen() {
        Attribution a = credit(FULL, won(SIX, 2.5, 4.5, 10, "1000"));
        assertThat(weights(a)).containsExactly("t1=0.225000", "t2=0.225000", "t3=0.050000", "t4=0.225000",
                "t5=0.050000", "t6=0.225000");
        assertThat(revenue(a)).containsExactly("t1=225.00", "t2=225.00", "t3=50.00", "t4=225.00", "t5=50.00",
                "t6=225.00");
    }

    @Test
    void fullPath_touchAfterClose_isNotCredited() {
        List<Touch> seven = new java.util.ArrayList<>(SIX);
        seven.add(touch("t7", 11));
        Attribution a = credit(FULL, won(seven, 2.5, 4.5, 10, "1000"));
        assertThat(weights(a)).containsExactly("t1=0.225000", "t2=0.225000", "t3=0.050000", "t4=0.225000",
                "t5=0.050000", "t6=0.225000");
    }

    @Test
    void fullPath_openOpportunity_dropsClosedWonAndRenormalises() {
        // t1 first + lead (0.45), t2 opportunity (0.225): 2/3 and 1/3; t3, t4 lie after the last milestone
        Attribution a = credit(FULL, open(List.of(touch("t1", 1), touch("t2", 2), touch("t3", 3),
                touch("t4", 4)), 1.5, 2.5, "300"));
        assertThat(weights(a)).containsExactly("t1=0.666667", "t2=0.333333", "t3=0.000000", "t4=0.000000");
        assertThat(revenue(a)).allMatch(s -> s.endsWith("=0.00"));
        assertThat(a.credits().get(0).pipeline()).isEqualByComparingTo("200.00");
    }

    @Test
    void fullPath_twoTouches_splitsPositionsRenormalised() {
        // t1 first + lead (0.45), t2 opportunity + closed won (0.45): 1/2 each
        assertThat(weights(credit(FULL, won(List.of(touch("t1", 1), touch("t2", 2)), 1, 2, 3, "10"))))
                .containsExactly("t1=0.500000", "t2=0.500000");
    }

    @Test
    void constructor_positionWeightsAboveOne_isRefused() {
        assertThatThrownBy(() -> model("u-shaped", Position.FIRST_TOUCH, "0.6", Position.LEAD_CREATION, "0.6"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1");
    }
}
