package io.isthmus.attribution;

import java.util.List;

/**
 * The lifecycle stages attribution and funnel reporting know about. Kept in this one file so it can be
 * replaced by the lifecycle package's stage type without touching anything else but the imports.
 */
public enum FunnelStage {
    VISITOR,
    LEAD,
    MQL,
    SQL,
    OPPORTUNITY,
    CUSTOMER,
    ADVOCATE,
    /** Off the main path: sent back to nurture. */
    RECYCLED,
    /** Off the main path: not a buyer. */
    DISQUALIFIED;

    /** The main path in order; conversion rates are computed between neighbours of this list. */
    public static final List<FunnelStage> PATH =
            List.of(VISITOR, LEAD, MQL, SQL, OPPORTUNITY, CUSTOMER, ADVOCATE);

    /** Position on the main path, or -1 for {@link #RECYCLED} and {@link #DISQUALIFIED}. */
    public int pathIndex() {
        return PATH.indexOf(this);
    }
}
