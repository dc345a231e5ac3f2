package io.isthmus.identity.bench;

/**
 * Pairwise deduplication figures.
 *
 * @param records      records in the set
 * @param truePairs    pairs of records that belong together according to the labels
 * @param compared     pairs the blocking let through to comparison
 * @param trueCompared true pairs among the compared ones
 * @param truePositive compared true pairs classified as matches
 * @param falsePositive compared non-matching pairs classified as matches
 */
public record PairMetrics(long records, long truePairs, long compared, long trueCompared, long truePositive,
                          long falsePositive) {

    /** Share of predicted matches that are true; 1 when nothing was predicted (no wrong claims made). */
    public double precision() {
        long predicted = truePositive + falsePositive;
        return predicted == 0 ? 1 : (double) truePositive / predicted;
    }

    /** Share of all true pairs found; pairs the blocking never compared count as missed. */
    public double recall() {
        return truePairs == 0 ? 1 : (double) truePositive / truePairs;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Share of true pairs that reached comparison. */
    public double blockingRecall() {
        return truePairs == 0 ? 1 : (double) trueCompared / truePairs;
    }

    /** 1 - compared / all n(n-1)/2 pairs: how much work blocking saved. */
    public double reductionRatio() {
        double all = records * (records - 1) / 2.0;
        return all == 0 ? 0 : 1 - compared / all;
    }
}
