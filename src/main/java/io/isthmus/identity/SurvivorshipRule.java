package io.isthmus.identity;

/** How the golden record picks a field's value among the contributions; blank never wins over a value. */
public enum SurvivorshipRule {
    /** The value from the most recently observed contribution. */
    MOST_RECENT,
    /** The value from the highest-priority source system; ties by recency. */
    SOURCE_PRIORITY,
    /** The longest value (most characters once trimmed); ties by recency. */
    MOST_COMPLETE
}
