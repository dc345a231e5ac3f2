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
        long pairs = 0;
        for (long n : sizes.values()) {
            pairs += n * (n - 1) / 2;
        }
        this.truePairs = pairs;
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

    public PairMetrics result() {
        return new PairMetrics(clusterOf.size(), truePairs, compared, trueCompared, tp, fp);
    }
}
