package io.isthmus.identity.bench;

import java.util.HashMap;
import java.util.Map;

/** Counts pairwise outcomes against labelled clusters while a matcher runs; {@link #result()} gives the figures. */
public final class PairEvaluation {

    private final Map<String, String> clusterOf;
    private final long truePairs;
    private long compared;
    private long trueCompared;
    private long tp;
    private long fp;

    /** @param clusterOf the true cluster label of every record id in the set */
    public PairEvaluation(Map<String, String> clusterOf) {
        this.clusterOf = Map.copyOf(clusterOf);
        Map<String, Long> sizes = new HashMap<>();
        clusterOf.values().forEach(c -> sizes.merge(c, 1L, Long::sum));
        this.truePairs = pairs(sizes);
    }

    /** Records one compared pair (each unordered pair at most once) and whether it was classified a match. */
    public void compared(String a, String b, boolean predictedMatch) {
        compared++;
        boolean same = clusterOf.get(a).equals(clusterOf.get(b));
        if (same) {
            trueCompared++;
        }
        if (predictedMatch) {
            if (same) {
                tp++;
            } else {
                fp++;
            }
        }
    }

    /** Figures for the pair decisions as made (no transitivity). */
    public PairMetrics result() {
        return new PairMetrics(clusterOf.size(), truePairs, compared, trueCompared, tp, fp);
    }

    /**
     * Figures for the buyers the store ends up with: every pair inside one predicted cluster counts as a predicted
     * match, as it does once merges have joined records transitively.
     *
     * @param predictedOf predicted cluster label of every record id
     */
    public PairMetrics clustered(Map<String, String> predictedOf) {
        Map<String, Long> predictedSizes = new HashMap<>();
        Map<String, Long> bothSizes = new HashMap<>();
        predictedOf.forEach((id, p) -> {
            predictedSizes.merge(p, 1L, Long::sum);
            bothSizes.merge(p + '\u0000' + clusterOf.get(id), 1L, Long::sum);
        });
        long predictedPairs = pairs(predictedSizes);
        long truePositive = pairs(bothSizes);
        return new PairMetrics(clusterOf.size(), truePairs, compared, trueCompared, truePositive,
                predictedPairs - truePositive);
    }

    private static long pairs(Map<String, Long> sizes) {
        long n = 0;
        for (long s : sizes.values()) {
            n += s * (s - 1) / 2;
        }
        return n;
    }
}
