package io.isthmus.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApportionTest {

    private static List<BigDecimal> shares(String... s) {
        return java.util.Arrays.stream(s).map(BigDecimal::new).toList();
    }

    @Test
    void split_threeEqualShares_givesLeftoverUnitToEarliest() {
        assertThat(Apportion.split(shares("1", "1", "1"), 100)).containsExactly(34, 33, 33);
    }

    @Test
    void split_largestFractionWins_notPosition() {
        // exact parts 14.2857, 28.5714, 57.1428 of 100: floors 14+28+57=99, the .5714 takes the last unit
        assertThat(Apportion.split(shares("1", "2", "4"), 100)).containsExactly(14, 29, 57);
    }

    @Test
    void split_zeroShare_getsNothing() {
        assertThat(Apportion.split(shares("0", "1", "1"), 5)).containsExactly(0, 3, 2);
    }

    @Test
    void split_sharesNotSummingToOne_areNormalised() {
        assertThat(Apportion.split(shares("0.3", "0.3"), 1_000_000)).containsExactly(500_000, 500_000);
    }

    @Test
    void split_allZero_isRefused() {
        assertThatThrownBy(() -> Apportion.split(shares("0", "0"), 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void split_negativeShare_isRefused() {
        assertThatThrownBy(() -> Apportion.split(shares("-1", "2"), 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
