package io.isthmus.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** EM estimation of m and u recovers known values without labels. */
class ModelEstimatorTest {

    private static final String[] FIELDS = {"a", "b", "c", "d"};

    /** Four binary fields (exact / else), blocked on each field, starting from a deliberately poor prior. */
    private static MatchProfile profile(double priorM, double priorU) {
        List<FieldSpec> fields = new ArrayList<>();
        List<BlockingKey> keys = new ArrayList<>();
        for (int i = 0; i < FIELDS.length; i++) {
            fields.add(new FieldSpec(FIELDS[i], Cleaner.NONE, List.of(
                    new Level("exact", FieldComparator.EXACT, 1, priorM, priorU),
                    new Level("else", null, 0, 1 - priorM, 1 - priorU))));
            keys.add(new BlockingKey(FIELDS[i], List.of(new BlockingKey.Part(i, BlockingKey.Transform.VALUE))));
        }
        return new MatchProfile("synthetic", fields, keys);
    }

    @Test
    void fit_onTheExactPatternCountsOfAKnownMixture_recoversItsParameters() {
        double lambda = 0.002;
        double[] m = {0.95, 0.85, 0.7, 0.6};
        double[] u = {0.01, 0.002, 0.05, 0.2};
        double pairs = 1e7;
        List<ModelEstimator.Pattern> patterns = new ArrayList<>();
        for (int bits = 0; bits < 16; bits++) {
            int[] levels = new int[4];
            double pm = lambda;
            double pu = 1 - lambda;
            for (int f = 0; f < 4; f++) {
                boolean agree = (bits >> f & 1) == 1;
                levels[f] = agree ? 0 : 1;
                pm *= agree ? m[f] : 1 - m[f];
                pu *= agree ? u[f] : 1 - u[f];
            }
            patterns.add(new ModelEstimator.Pattern(levels, pairs * (pm + pu)));
        }
        // No prior weight: the fit must find the mixture from the counts alone, starting far from it.
        ModelEstimator.Estimate e = new ModelEstimator(0, 0, 1).fit(profile(0.6, 0.3), patterns, 1000, 0);

        assertThat(e.matchShare()).isCloseTo(lambda, within(1e-5));
        for (int f = 0; f < 4; f++) {
            Level exact = e.profile().fields().get(f).levels().get(0);
            assertThat(exact.m()).as("m of " + FIELDS[f]).isCloseTo(m[f], within(1e-3));
            assertThat(exact.u()).as("u of " + FIELDS[f]).isCloseTo(u[f], within(1e-4));
        }
    }

    @Test
    void estimate_onGeneratedRecordsWithKnownErrorRates_findsThemWithoutLabels() {
        // 1,500 people, each recorded twice; the second record keeps field f with probability m[f], else a new value.
        double[] m = {0.95, 0.85, 0.75, 0.65};
        int vocabulary = 4000;
        Random random = new Random(7);
        MatchProfile prior = profile(0.5, 0.05);
        List<PreparedRecord> records = new ArrayList<>();
        for (int p = 0; p < 1500; p++) {
            Map<String, String> first = new HashMap<>();
            Map<String, String> second = new HashMap<>();
            for (int f = 0; f < FIELDS.length; f++) {
                String v = "v" + random.nextInt(vocabulary);
                first.put(FIELDS[f], v);
                second.put(FIELDS[f], random.nextDouble() < m[f] ? v : "typo" + random.nextInt(1_000_000));
            }
            records.add(prior.prepare(p + "-1", first));
            records.add(prior.prepare(p + "-2", second));
        }
        BlockingIndex index = new BlockingIndex(prior, 50);
        records.forEach(index::add);

        ModelEstimator.Estimate e = new ModelEstimator(1, 200_000, 42).estimate(prior, records, index, records.size());

        for (int f = 0; f < FIELDS.length; f++) {
            Level exact = e.profile().fields().get(f).levels().get(0);
            assertThat(exact.m()).as("m of " + FIELDS[f]).isCloseTo(m[f], within(0.03));
            // Two unrelated records share a value with probability about 1/vocabulary.
            assertThat(exact.u()).as("u of " + FIELDS[f]).isBetween(0.5 / vocabulary, 2.0 / vocabulary);
        }
        // One true pair per person among 3,000 x 2,999 ordered pairs (each true pair is seen from both sides).
        assertThat(e.matchShare()).isCloseTo(1500 * 2 / (3000.0 * 2999), within(0.2 * 1500 * 2 / (3000.0 * 2999)));
        assertThat(e.blockedPairs()).isPositive();
        assertThat(e.sampledPairs()).isEqualTo(200_000);
    }

    @Test
    void estimate_keepsLevelsLabelsKeysAndTermFrequencyFlags_changingOnlyMandU() {
        MatchProfile prior = MatchingConfigLoader.defaults().profile("contact");
        List<PreparedRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(prior.prepare("r" + i, Map.of("first_name", "name" + i % 7, "last_name", "family" + i % 11,
                    "email", "x" + i % 25 + "@example.com")));
        }
        BlockingIndex index = new BlockingIndex(prior, 10);
        records.forEach(index::add);
        MatchProfile fitted = new ModelEstimator(10, 1000, 1).estimate(prior, records, index, 50).profile();

        assertThat(fitted.blockingKeys()).isEqualTo(prior.blockingKeys());
        assertThat(fitted.swap()).isEqualTo(prior.swap());
        for (int f = 0; f < prior.fields().size(); f++) {
            FieldSpec a = prior.fields().get(f);
            FieldSpec b = fitted.fields().get(f);
            assertThat(b.termFrequency()).isEqualTo(a.termFrequency());
            assertThat(b.levels()).extracting(Level::label).isEqualTo(a.levels().stream().map(Level::label).toList());
            assertThat(b.levels().stream().mapToDouble(Level::m).sum()).isCloseTo(1, within(1e-9));
            assertThat(b.levels().stream().mapToDouble(Level::u).sum()).isCloseTo(1, within(1e-9));
        }
        // Phone never occurs in these records: with no data its levels stay at the configured prior.
        int phone = prior.fieldIndex("phone");
        assertThat(fitted.fields().get(phone).levels().get(0).m())
                .isCloseTo(prior.fields().get(phone).levels().get(0).m(), within(1e-9));
    }
}
