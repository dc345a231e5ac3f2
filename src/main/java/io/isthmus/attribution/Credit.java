package io.isthmus.attribution;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One touch's share of one subject under one model.
 *
 * @param subjectId opportunity or buyer id; never null
 * @param model     model name, e.g. {@code w-shaped}; never null
 * @param touch     the credited touch; never null
 * @param weight    share in [0, 1] with 6 decimals; a subject's weights under a model sum to exactly 1
 * @param pipeline  weight × amount in cents (2 decimals); zero when the amount is unknown; never null
 * @param revenue   weight × amount for a closed-won opportunity, zero otherwise; never null
 */
public record Credit(String subjectId, String model, Touch touch, BigDecimal weight, BigDecimal pipeline,
        BigDecimal revenue) {

    public Credit {
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(touch, "touch");
        Objects.requireNonNull(weight, "weight");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(revenue, "revenue");
    }
}
