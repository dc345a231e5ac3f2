package io.isthmus.identity;

import java.util.HashMap;
import java.util.Map;

/**
 * How often each value of the term-frequency fields occurs among the records of a store, for weighing an exact
 * agreement by the agreed value: two records that share a rare family name are stronger evidence than two that
 * share the most common one.
 *
 * <p>Among non-matching pairs, agreement on value v happens with probability tf(v)², where tf(v) is v's share of the
 * field's non-missing values; among matches with probability m·tf(v). The exact level's Bayes factor for v is
 * therefore m / tf(v), against m / Σtf² for the level on average, so the adjustment added to the level's weight is
 * log2(Σtf² / tf(v)) bits = log2(Σc² / (N · c(v))) with c the counts and N their sum: negative for values more common
 * than average, positive for rare ones. Duplicates in the store inflate every count alike, which the ratio cancels
 * to first order. The adjustment is bounded by {@code maxBits} either way, and is 0 until the field has
 * {@code minValues} non-missing values (counts of a small store say little).
 *
 * <p>Not thread-safe: kept by the single writer that files records.
 */
public final class TermFrequencies {

    private final boolean[] enabled;
    private final Map<String, Integer>[] counts;
    private final long[] total;
    private final double[] sumOfSquares;
    private final int minValues;
    private final double maxBits;

    @SuppressWarnings("unchecked")
    public TermFrequencies(MatchProfile profile, int minValues, double maxBits) {
        int n = profile.fields().size();
        this.enabled = new boolean[n];
        this.counts = new Map[n];
        this.total = new long[n];
        this.sumOfSquares = new double[n];
        for (int i = 0; i < n; i++) {
            enabled[i] = profile.fields().get(i).termFrequency();
            counts[i] = enabled[i] ? new HashMap<>() : Map.of();
        }
        this.minValues = minValues;
        this.maxBits = maxBits;
    }

    /** Counts the record's values. */
    public void add(PreparedRecord r) {
        change(r, 1);
    }

    /** Uncounts a record that was counted before (replaced or merged away). */
    public void remove(PreparedRecord r) {
        change(r, -1);
    }

    private void change(PreparedRecord r, int delta) {
        for (int f = 0; f < enabled.length; f++) {
            String v = r.value(f);
            if (!enabled[f] || v == null) {
                continue;
            }
            int before = counts[f].getOrDefault(v, 0);
            int after = Math.max(0, before + delta);
            if (after == before) {
                continue;
            }
            if (after == 0) {
                counts[f].remove(v);
            } else {
                counts[f].put(v, after);
            }
            sumOfSquares[f] += (double) after * after - (double) before * before;
            total[f] += after - before;
        }
    }

    /** Forgets every count. */
    public void clear() {
        for (int f = 0; f < enabled.length; f++) {
            if (enabled[f]) {
                counts[f].clear();
            }
            total[f] = 0;
            sumOfSquares[f] = 0;
        }
    }

    /** Fields counted (the profile's fields, counted or not). */
    public int fields() {
        return enabled.length;
    }

    /** A field's counts as they are, for saving them with an index snapshot; not to be changed. */
    Map<String, Integer> counts(int field) {
        return counts[field];
    }

    /** Replaces a field's counts with saved ones (an index snapshot read back); its totals follow. */
    void restore(int field, String[] values, int[] valueCounts, int n) {
        if (!enabled[field]) {
            return;
        }
        Map<String, Integer> m = new HashMap<>(Math.max(16, (int) (n / 0.75f) + 1));
        long t = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            m.put(values[i], valueCounts[i]);
            t += valueCounts[i];
            squares += (double) valueCounts[i] * valueCounts[i];
        }
        counts[field] = m;
        total[field] = t;
        sumOfSquares[field] = squares;
    }

    public boolean enabled(int field) {
        return enabled[field];
    }

    /** How many records hold {@code value} in {@code field}. */
    public int count(int field, String value) {
        return enabled[field] ? counts[field].getOrDefault(value, 0) : 0;
    }

    /**
     * Bits to add to {@code field}'s exact level when both records hold {@code value}: log2(Σc² / (N·c(v))), bounded
     * by ± maxBits; 0 for a field without term frequencies or with fewer than {@code minValues} values. A value not
     * yet counted (the probe's own, before it is filed) counts once.
     */
    public double adjustment(int field, String value) {
        if (!enabled[field] || total[field] < minValues || total[field] == 0) {
            return 0;
        }
        int c = Math.max(1, count(field, value));
        double bits = Math.log(sumOfSquares[field] / ((double) total[field] * c)) / Math.log(2);
        return Math.max(-maxBits, Math.min(maxBits, bits));
    }

    /** The largest adjustment {@code field} can currently get: bounds what a field not yet compared may add. */
    public double maxAdjustment(int field) {
        if (!enabled[field] || total[field] < minValues || total[field] == 0) {
            return 0;
        }
        double bits = Math.log(sumOfSquares[field] / (double) total[field]) / Math.log(2);
        return Math.max(0, Math.min(maxBits, bits));
    }
}
