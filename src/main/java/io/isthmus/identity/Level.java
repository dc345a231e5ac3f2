package io.isthmus.identity;

/**
 * One agreement level of a field, Fellegi-Sunter style: the level applies when {@code comparator} gives at least
 * {@code min} (the last level, {@code else}, has no comparator and always applies).
 *
 * @param m probability of this level among true matches
 * @param u probability of this level among non-matches
 * @param weight the evidence the level carries, log2(m/u) bits: positive for agreement, negative for disagreement
 */
public record Level(String label, FieldComparator comparator, double min, double m, double u, double weight) {

    public Level(String label, FieldComparator comparator, double min, double m, double u) {
        this(label, comparator, min, m, u, Math.log(m / u) / Math.log(2));
    }

    public boolean applies(String a, String b) {
        return comparator == null || comparator.similarity(a, b) >= min;
    }
}
