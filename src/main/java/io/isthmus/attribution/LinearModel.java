package io.isthmus.attribution;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collections;
import java.util.List;

/** Every eligible touch gets the same share. */
public final class LinearModel implements AttributionModel {

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public List<BigDecimal> shares(List<Touch> touches, Journey journey) {
        BigDecimal each = BigDecimal.ONE.divide(BigDecimal.valueOf(touches.size()), MathContext.DECIMAL128);
        return Collections.nCopies(touches.size(), each);
    }
}
