package io.isthmus.identity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * How the matching model adapts to the store (section {@code estimation} of matching.yaml).
 *
 * @param enabled               estimate m and u from the store's records at start-up ({@link ModelEstimator})
 * @param minRecords            below this many stored records the configured m and u are used as written
 * @param sampleRecords         records sampled from the store for the fit (each compared with its blocked
 *                              candidates and with random partners)
 * @param sampledPairs          random pairs drawn to stand for the unblocked pair space
 * @param priorStrength         pseudo-pairs behind the configured values in the fit
 * @param termFrequencyMinValues values a term-frequency field needs in the store before exact agreements are
 *                              weighed by frequency
 * @param termFrequencyMaxBits  bound on the term-frequency adjustment, either way
 */
public record Estimation(boolean enabled, int minRecords, int sampleRecords, int sampledPairs, double priorStrength,
                         int termFrequencyMinValues, double termFrequencyMaxBits) {

    /** Configured values only, no term frequencies: what a model file without the section means. */
    public static Estimation off() {
        return new Estimation(false, Integer.MAX_VALUE, 0, 0, 10, Integer.MAX_VALUE, 0);
    }

    public ModelEstimator estimator() {
        return new ModelEstimator(priorStrength, sampledPairs, 42L);
    }

    /**
     * The model for a store: the profile with m and u fitted to the store when estimation is on and the store has
     * at least {@code minRecords} records (else the profile as configured). {@code index} holds the whole store,
     * {@code records} are its records or a uniform sample of them (at most {@code sampleRecords} are used).
     */
    public ModelEstimator.Estimate fit(MatchProfile profile, List<PreparedRecord> records, BlockingIndex index,
                                       long storeSize) {
        if (!enabled || storeSize < minRecords || records.size() < 2) {
            return null;
        }
        List<PreparedRecord> sample = records;
        if (records.size() > sampleRecords) {
            sample = new ArrayList<>(records);
            Collections.shuffle(sample, new Random(42L));
            sample = sample.subList(0, sampleRecords);
        }
        return estimator().estimate(profile, sample, index, storeSize);
    }

    public TermFrequencies termFrequencies(MatchProfile profile) {
        return new TermFrequencies(profile, termFrequencyMinValues, termFrequencyMaxBits);
    }
}
