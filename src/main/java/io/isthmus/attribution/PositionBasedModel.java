package io.isthmus.attribution;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * First touch, last touch, U-shaped, W-shaped and full path: fixed weights on positions, the rest of 1 shared
 * equally by the other touches between the first touch and the last position that has a touch.
 *
 * <p>Folding, so that the weights always sum to 1: a touch holding two positions gets both weights; a position
 * with no touch, and the shared rest when no touch lies between, are dropped and what remains is scaled back to
 * 1 (so U-shaped gives one touch 100 % and two touches 40:40 → 50 % each). Should nothing remain (only
 * zero-weight positions resolved and nothing between), the first touch gets everything.
 */
public final class PositionBasedModel implements AttributionModel {

    private final String name;
    private final Map<Position, BigDecimal> weights;
    private final BigDecimal shared;

    /**
     * @param weights weight per position, each in [0, 1], summing to at most 1; iteration order is kept
     */
    public PositionBasedModel(String name, Map<Position, BigDecimal> weights) {
        this.name = Objects.requireNonNull(name, "name");
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<Position, BigDecimal> e : weights.entrySet()) {
            BigDecimal w = e.getValue();
            if (w.signum() < 0 || w.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException(name + " weight of " + e.getKey().key() + " is " + w
                        + ", expected 0 to 1");
            }
            sum = sum.add(w);
        }
        if (sum.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException(name + " position weights sum to " + sum + ", expected at most 1");
        }
        this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        this.shared = BigDecimal.ONE.subtract(sum);
    }

    public static PositionBasedModel firstTouch() {
        return new PositionBasedModel("first-touch", Map.of(Position.FIRST_TOUCH, BigDecimal.ONE));
    }

    public static PositionBasedModel lastTouch() {
        return new PositionBasedModel("last-touch", Map.of(Position.LAST_TOUCH, BigDecimal.ONE));
    }

    @Override
    public String name() {
        return name;
    }

    public Map<Position, BigDecimal> weights() {
        return weights;
    }

    @Override
    public List<BigDecimal> shares(List<Touch> touches, Journey journey) {
        int n = touches.size();
        BigDecimal[] share = new BigDecimal[n];
        boolean[] held = new boolean[n];
        Arrays.fill(share, BigDecimal.ZERO);
        int lastHeld = 0;
        for (Map.Entry<Position, BigDecimal> e : weights.entrySet()) {
            int i = e.getKey().resolve(touches, journey);
            if (i >= 0) {
                share[i] = share[i].add(e.getValue());
                held[i] = true;
                lastHeld = Math.max(lastHeld, i);
            }
        }
        List<Integer> between = new ArrayList<>();
        for (int i = 0; i <= lastHeld; i++) {
            if (!held[i]) {
                between.add(i);
            }
        }
        if (!between.isEmpty()) {
            BigDecimal each = shared.divide(BigDecimal.valueOf(between.size()), MathContext.DECIMAL128);
            for (int i : between) {
                share[i] = share[i].add(each);
            }
        }
        BigDecimal total = BigDecimal.ZERO;
        for (BigDecimal s : share) {
            total = total.add(s);
        }
        List<BigDecimal> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (total.signum() == 0) {
                out.add(i == 0 ? BigDecimal.ONE : BigDecimal.ZERO);
            } else {
                out.add(share[i].divide(total, MathContext.DECIMAL128));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return name + weights;
    }
}
