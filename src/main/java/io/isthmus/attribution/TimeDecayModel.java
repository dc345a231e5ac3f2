package io.isthmus.attribution;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A touch's share halves for every half-life it lies before the latest eligible touch. Measuring from the latest
 * touch rather than from close changes nothing after normalising (the factor is common to all touches) and keeps
 * the numbers away from underflow.
 */
public final class TimeDecayModel implements AttributionModel {

    private final Duration halfLife;

    /** @param halfLife longer than zero */
    public TimeDecayModel(Duration halfLife) {
        Objects.requireNonNull(halfLife, "halfLife");
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("half-life must be longer than zero, was " + halfLife);
        }
        this.halfLife = halfLife;
    }

    @Override
    public String name() {
        return "time-decay";
    }

    public Duration halfLife() {
        return halfLife;
    }

    @Override
    public List<BigDecimal> shares(List<Touch> touches, Journey journey) {
        long latest = touches.get(touches.size() - 1).occurredAt().toEpochMilli();
        double halfLifeMillis = halfLife.toMillis();
        List<BigDecimal> raw = new ArrayList<>(touches.size());
        BigDecimal total = BigDecimal.ZERO;
        for (Touch t : touches) {
            double halvings = (latest - t.occurredAt().toEpochMilli()) / halfLifeMillis;
            // StrictMath gives the same bits on every JVM, so credits do not change between machines.
            BigDecimal w = new BigDecimal(StrictMath.pow(2.0, -halvings));
            raw.add(w);
            total = total.add(w);
        }
        List<BigDecimal> out = new ArrayList<>(raw.size());
        for (BigDecimal w : raw) {
            out.add(w.divide(total, MathContext.DECIMAL128));
        }
        return out;
    }
}
