package io.isthmus.attribution;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The credits of one subject under one model. With no touch at or before close there are no credits, and the
 * whole amount is reported as unattributed instead of being dropped.
 *
 * @param credits              one per eligible touch in (time, touch id) order, zero weights included; empty
 *                             when nothing could be credited; never null
 * @param unattributedPipeline the amount when no touch was credited, else zero; never null
 * @param unattributedRevenue  the amount of a won opportunity when no touch was credited, else zero; never null
 */
public record Attribution(Journey journey, String model, List<Credit> credits, BigDecimal unattributedPipeline,
        BigDecimal unattributedRevenue) {

    public Attribution {
        Objects.requireNonNull(journey, "journey");
        Objects.requireNonNull(model, "model");
        credits = List.copyOf(credits);
        Objects.requireNonNull(unattributedPipeline, "unattributedPipeline");
        Objects.requireNonNull(unattributedRevenue, "unattributedRevenue");
    }

    public boolean attributed() {
        return !credits.isEmpty();
    }
}
