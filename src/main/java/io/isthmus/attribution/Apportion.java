package io.isthmus.attribution;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a whole number of units (weight micro-units, cents) in proportion to exact shares so that the parts
 * sum to exactly the total (largest-remainder method). Each part gets the floor of its exact value; the units
 * left over go one each to the largest fractional parts, a tie going to the earlier position, so the result is
 * deterministic for a given order.
 */
public final class Apportion {

    private Apportion() {
    }

    /**
     * @param shares non-negative shares, not all zero; they need not sum to 1 (they are normalised)
     * @param total  the whole to split; not negative
     */
    public static long[] split(List<BigDecimal> shares, long total) {
        if (total < 0) {
            throw new IllegalArgumentException("cannot split a negative total " + total);
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (BigDecimal s : shares) {
            if (s.signum() < 0) {
                throw new IllegalArgumentException("negative share " + s);
            }
            sum = sum.add(s);
        }
        if (sum.signum() == 0) {
            throw new IllegalArgumentException("shares are all zero");
        }
        int n = shares.size();
        long[] parts = new long[n];
        BigDecimal[] fraction = new BigDecimal[n];
        long given = 0;
        BigDecimal whole = BigDecimal.valueOf(total);
        for (int i = 0; i < n; i++) {
            BigDecimal exact = shares.get(i).multiply(whole).divide(sum, MathContext.DECIMAL128);
            BigDecimal floor = exact.setScale(0, RoundingMode.FLOOR);
            parts[i] = floor.longValueExact();
            fraction[i] = exact.subtract(floor);
            given += parts[i];
        }
        long left = total - given;
        if (left < 0 || left > n) {
            throw new IllegalStateException("rounding left " + left + " units for " + n + " parts");
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        // Stable sort: equal fractions keep their original (earlier first) order.
        order.sort(Comparator.comparing((Integer i) -> fraction[i]).reversed());
        for (int k = 0; k < left; k++) {
            parts[order.get(k)]++;
        }
        return parts;
    }
}
