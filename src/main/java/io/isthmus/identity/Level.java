package io.isthmus.identity;

/**
 * One agreement level of a field, Fellegi-Sunter style: the level applies when {@code comparator} gives at least
 * {@code min} (the last level, {@code else}, has no comparator and always applies).
 *
 * @param m probability of this level among true matches
 * @param u probability of this level among non-matches
 */
public record Level(String label, FieldComparator comparator, double min, double m, double u) {

    /** The evidence this level carries: log2(m/u) bits, positive for agreement, negative for disagreement. */
    public double weight() {
        return Math.log(m / u) / Math.log(2);
    }

    public boolean applies(String a, String b) {
        return comparator == null || comparator.similarity(a, b) >= min;
    }
}
