package io.isthmus.attribution;

import java.math.BigDecimal;
import java.util.List;

/**
 * A rule for sharing one subject's credit among its touches. Models return exact (unrounded) shares; the
 * {@link Attributor} rounds them to 6 decimals so that they sum to exactly 1.
 */
public interface AttributionModel {

    /** The name used in configuration, reports and CRM field names, e.g. {@code u-shaped}. */
    String name();

    /**
     * Shares of the touches, in the order given.
     *
     * @param touches the eligible touches (none after close), sorted by time then touch id; never empty
     * @param journey the subject, for its milestones
     * @return one non-negative share per touch, summing to 1 (within {@link java.math.MathContext#DECIMAL128})
     */
    List<BigDecimal> shares(List<Touch> touches, Journey journey);
}
