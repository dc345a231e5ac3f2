package io.isthmus.identity.bench;

/**
 * Figures for linking each query to at most one reference record when every query has exactly one true reference
 * (the company-name set). Precision = correct / linked; recall = correct / queries; a query left unlinked lowers
 * recall only, a wrong link lowers both.
 */
public record LinkMetrics(long queries, long correct, long wrong, long unlinked, long blockedTrue, long compared,
                          long references) {

    public double precision() {
        long linked = correct + wrong;
        return linked == 0 ? 1 : (double) correct / linked;
    }

    public double recall() {
        return queries == 0 ? 1 : (double) correct / queries;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Share of queries whose true reference was among the blocked candidates. */
    public double blockingRecall() {
        return queries == 0 ? 1 : (double) blockedTrue / queries;
    }

    /** 1 - compared / (queries × references). */
    public double reductionRatio() {
        double all = (double) queries * references;
        return all == 0 ? 0 : 1 - compared / all;
    }
}
