package io.isthmus.lifecycle;

import java.util.Locale;

/**
 * Where a buyer is in the funnel. The funnel stages have an order and only move forward; RECYCLED sits beside
 * LEAD (back in nurture, may become MQL again) and DISQUALIFIED sits outside the funnel.
 */
public enum Stage {
    VISITOR(0, "Visitor"),
    LEAD(1, "Lead"),
    MQL(2, "MQL"),
    SQL(3, "SQL"),
    OPPORTUNITY(4, "Opportunity"),
    CUSTOMER(5, "Customer"),
    ADVOCATE(6, "Advocate"),
    RECYCLED(1, "Recycled"),
    DISQUALIFIED(-1, "Disqualified");

    private final int rank;
    private final String label;

    Stage(int rank, String label) {
        this.rank = rank;
        this.label = label;
    }

    /** The picklist value the CRM shows. */
    public String label() {
        return label;
    }

    /** True when moving from this stage to {@code target} goes forward in the funnel. */
    public boolean isBefore(Stage target) {
        return this != DISQUALIFIED && target != DISQUALIFIED && target != RECYCLED && rank < target.rank;
    }

    /** The key form used in YAML, e.g. {@code mql}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
