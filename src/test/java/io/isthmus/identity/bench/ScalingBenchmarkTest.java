package io.isthmus.identity.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.identity.MatchingConfig;
import io.isthmus.identity.MatchingConfigLoader;
import org.junit.jupiter.api.Test;

/** The scaling run's recall guards on a store small enough for a unit test. */
class ScalingBenchmarkTest {

    @Test
    void copiesAreCountedAndFound_withAndWithoutTheirEmail_atBothSizes() {
        ScalingBenchmark.Result r = ScalingBenchmark.run(MatchingConfigLoader.defaults(), 300, 3_000, 200, 42);

        assertThat(r.large()).isEqualTo(3_000);
        for (ScalingBenchmark.Recall recall : new ScalingBenchmark.Recall[] {r.recallSmall(), r.recallLarge(),
                r.noEmailSmall(), r.noEmailLarge()}) {
            assertThat(recall.copies()).as("every other probe copies a stored buyer").isEqualTo(100);
            assertThat(recall.merged()).isLessThanOrEqualTo(recall.found());
        }
        assertThat(r.recallSmall().candidateShare()).isEqualTo(1.0);
        assertThat(r.recallSmall().mergeShare()).isEqualTo(1.0);
        assertThat(r.noEmailLarge().candidateShare()).isGreaterThan(0.9);
    }

    @Test
    void aBudgetOfOneCandidate_losesCopiesWithoutTheirEmail() {
        MatchingConfig d = MatchingConfigLoader.defaults();
        MatchingConfig one = new MatchingConfig(d.thresholds(), d.maxPerKey(), 1, d.profiles(), d.survivorship(),
                d.companyNameMinSimilarity(), d.estimation());

        ScalingBenchmark.Result r = ScalingBenchmark.run(one, 300, 3_000, 200, 42);

        assertThat(r.noEmailLarge().candidateShare()).as("the guard can fail").isLessThan(1.0);
    }
}
