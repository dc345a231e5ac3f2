package io.isthmus.attribution;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of the CRM touchpoint object: a touch on a subject with its weight and revenue under every model.
 *
 * @param weights model name → weight, in the attributor's model order; never null
 * @param revenue model name → revenue credit (zero unless closed won); never null
 */
public record Touchpoint(String subjectId, Touch touch, Map<String, BigDecimal> weights,
        Map<String, BigDecimal> revenue) {

    public Touchpoint {
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(touch, "touch");
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        revenue = Collections.unmodifiableMap(new LinkedHashMap<>(revenue));
    }

    /** The upsert key for the CRM: stable across recomputation, unique per subject and touch. */
    public String externalId() {
        return subjectId + "/" + touch.touchId();
    }
}
