package io.isthmus.identity.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

    /**
     * Five records: {a,b,c} are one person, {d} and {e} are alone → 3 true pairs (ab, ac, bc) of 10 possible.
     * Compared: ab (match), bc (no match), ad (match), de (no match) → compared 4, true compared 2 (ab, bc),
     * TP 1 (ab), FP 1 (ad). Precision 1/2, recall 1/3, F1 0.4, blocking recall 2/3, reduction 1 - 4/10 = 0.6.
     */
    @Test
    void pairMetrics_handCountedExample() {
        PairEvaluation e = new PairEvaluation(Map.of("a", "1", "b", "1", "c", "1", "d", "2", "e", "3"));
        e.compared("a", "b", true);
        e.compared("b", "c", false);
        e.compared("a", "d", true);
        e.compared("d", "e", false);
        PairMetrics m = e.result();
        assertThat(m).isEqualTo(new PairMetrics(5, 3, 4, 2, 1, 1));
        assertThat(m.precision()).isEqualTo(0.5);
        assertThat(m.recall()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(m.f1()).isCloseTo(0.4, within(1e-12));
        assertThat(m.blockingRecall()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.reductionRatio()).isCloseTo(0.6, within(1e-12));
    }

    /**
     * Same example as buyers: merging ab and ad joins {a,b,d}; c and e stay alone. Predicted pairs ab, ad, bd (3),
     * of which only ab is true → TP 1, FP 2; precision 1/3, recall 1/3.
     */
    @Test
    void pairMetrics_clustered_countsTransitivePairs() {
        PairEvaluation e = new PairEvaluation(Map.of("a", "1", "b", "1", "c", "1", "d", "2", "e", "3"));
        e.compared("a", "b", true);
        e.compared("a", "d", true);
        PairMetrics m = e.clustered(Map.of("a", "x", "b", "x", "d", "x", "c", "y", "e", "z"));
        assertThat(m.truePositive()).isEqualTo(1);
        assertThat(m.falsePositive()).isEqualTo(2);
        assertThat(m.precision()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(m.recall()).isCloseTo(1.0 / 3, within(1e-12));
    }

    /**
     * Every pair compared, whatever the blocking: a and b (one person, identical) merge; c is another person whose
     * pairs with a and b are compared and kept apart. 3 pairs compared, 1 true, found.
     */
    @Test
    void allPairs_comparesEveryPair_atTheMergeThreshold() {
        io.isthmus.identity.MatchingConfig config = io.isthmus.identity.MatchingConfigLoader.defaults();
        java.util.List<Map<String, String>> rows = java.util.List.of(
                Map.of("first_name", "Isla", "last_name", "Hall", "dob", "1985-02-07", "email", "islahall97@x.com"),
                Map.of("first_name", "Isla", "last_name", "Hall", "dob", "1985-02-07", "email", "islahall97@x.com"),
                Map.of("first_name", "Oliver", "last_name", "Griffiths", "dob", "1991-10-26"));
        LabelledSet set = new LabelledSet("t", "contact", java.util.List.of("a", "b", "c"), rows,
                Map.of("a", "1", "b", "1", "c", "2"));
        PairMetrics m = DedupBenchmark.allPairs(set, config, DedupBenchmark.model(set, config, false));
        assertThat(m).isEqualTo(new PairMetrics(3, 1, 3, 1, 1, 0));
    }

    /** Small sets get more timed passes so every set times at least 10,000 records; the count stays odd (a median). */
    @Test
    void timedPasses_coverTenThousandRecords_oddCount() {
        assertThat(MatchBenchmark.timedPasses(1_000)).isEqualTo(11);
        assertThat(MatchBenchmark.timedPasses(500)).isEqualTo(21);
        assertThat(MatchBenchmark.timedPasses(5_000)).isEqualTo(5);
        assertThat(MatchBenchmark.timedPasses(100_000)).isEqualTo(5);
    }

    /** Warm-up runs passes until both the record count and the time (3 s) are reached. */
    @Test
    void warmUp_runsUntilTheRecordsAndTheTimeAreReached() throws Exception {
        int[] runs = {0};
        long t0 = System.nanoTime();
        int passes = MatchBenchmark.warmUp(() -> {
            Thread.sleep(200);
            return runs[0]++;
        }, 1_000_000);
        assertThat(passes).isEqualTo(runs[0]);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(3_000_000_000L);
        assertThat(MatchBenchmark.warmUp(() -> runs[0]++, 1_000)).isGreaterThanOrEqualTo(10);
    }

    /** 10 queries: 7 correct, 1 wrong, 2 unlinked → P 7/8, R 7/10, F1 2·0.875·0.7/1.575 = 0.7778. */
    @Test
    void linkMetrics_handCountedExample() {
        LinkMetrics m = new LinkMetrics(10, 7, 1, 2, 9, 30, 20);
        assertThat(m.precision()).isEqualTo(0.875);
        assertThat(m.recall()).isEqualTo(0.7);
        assertThat(m.f1()).isCloseTo(0.77778, within(1e-5));
        assertThat(m.blockingRecall()).isEqualTo(0.9);
        assertThat(m.reductionRatio()).isCloseTo(1 - 30.0 / 200, within(1e-12));
    }

    @Test
    void csv_quotedCommaAndEscapedQuote_splitCorrectly() {
        assertThat(Csv.split("1,\"Feeney, Aufderhar and Kirlin\",UK,\"say \"\"hi\"\"\""))
                .containsExactly("1", "Feeney, Aufderhar and Kirlin", "UK", "say \"hi\"");
    }
}
