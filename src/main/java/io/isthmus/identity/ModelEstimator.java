package io.isthmus.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Estimates a profile's m and u values from the records themselves, without labels: Fellegi-Sunter's two-class
 * mixture fitted by expectation-maximisation (EM), fields assumed independent within each class.
 *
 * <p>The pairs the fit sees stand for every pair of the records: all blocked pairs (where the matches are) with
 * weight 1, plus a uniform sample of the other pairs, each weighted by how many unblocked pairs it stands for. So
 * the mixture is fitted over the whole pair space, and the match share it finds is an estimate of the real one.
 * Pairs are reduced to their comparison patterns (the level of every field, or missing) before iterating, so an
 * iteration costs the number of distinct patterns, not the number of pairs.
 *
 * <p>The configured m and u values are the starting point and a Dirichlet prior worth {@code priorStrength} pairs
 * per field and class: a level the data barely visits keeps roughly its configured value instead of going to 0.
 * A value missing on either side says nothing about the field (it is left out of that pair's product).
 */
public final class ModelEstimator {

    /** The fitted profile (same fields, levels, keys; new m and u), the estimated match share and the work done. */
    public record Estimate(MatchProfile profile, double matchShare, int iterations, long blockedPairs,
                           long sampledPairs, int patterns) {
    }

    /** One comparison pattern: each field's level index, -1 when a value is missing; and the pairs it stands for. */
    record Pattern(int[] levels, double count) {
    }

    private static final int MAX_ITERATIONS = 200;
    private static final double TOLERANCE = 1e-7;

    private final double priorStrength;
    private final int sampledPairs;
    private final long seed;

    /**
     * @param priorStrength pseudo-pairs behind the configured values (per field and class)
     * @param sampledPairs  unblocked pairs drawn at random to stand for the rest of the pair space
     */
    public ModelEstimator(double priorStrength, int sampledPairs, long seed) {
        this.priorStrength = priorStrength;
        this.sampledPairs = sampledPairs;
        this.seed = seed;
    }

    /**
     * Fits the profile's m and u values to a store. {@code sample} is a uniform sample of the store's records (all
     * of them for a small store) and {@code index} holds the whole store, blocked with the profile's keys. The pair
     * space fitted is every sampled record against every stored one: each sampled record's blocked candidates with
     * weight 1, and random partners from the sample (uniform over the store) each standing for its share of the
     * unblocked pairs.
     */
    public Estimate estimate(MatchProfile prior, List<PreparedRecord> sample, BlockingIndex index, long storeSize) {
        Matcher levels = new Matcher(prior, new Thresholds(0, 0));
        PatternCounter counter = new PatternCounter(prior);
        int n = sample.size();
        List<Set<String>> blockedWith = new ArrayList<>(n);
        long blocked = 0;
        for (PreparedRecord r : sample) {
            Set<String> ids = new HashSet<>();
            for (PreparedRecord c : index.candidates(r)) {
                if (ids.add(c.id())) {
                    counter.add(levels, r, c, 1);
                }
            }
            blocked += ids.size();
            blockedWith.add(ids);
        }
        double unblocked = (double) n * Math.max(0, storeSize - 1) - blocked;
        int draws = n < 2 ? 0 : (int) Math.min(sampledPairs, Math.max(0, unblocked));
        if (draws > 0) {
            Random random = new Random(seed);
            List<int[]> pairs = new ArrayList<>(draws);
            for (int attempts = 0; pairs.size() < draws && attempts < draws * 20; attempts++) {
                int a = random.nextInt(n);
                int b = random.nextInt(n);
                if (a != b && !blockedWith.get(a).contains(sample.get(b).id())) {
                    pairs.add(new int[]{a, b});
                }
            }
            double each = unblocked / pairs.size();
            for (int[] p : pairs) {
                counter.add(levels, sample.get(p[0]), sample.get(p[1]), each);
            }
        }
        return fit(prior, counter.patterns(), blocked, draws);
    }

    /** EM over comparison patterns; the profile's configured values start the fit and act as its prior. */
    Estimate fit(MatchProfile prior, List<Pattern> patterns, long blockedPairs, long sampled) {
        int fields = prior.fields().size();
        double[][] m = new double[fields][];
        double[][] u = new double[fields][];
        double[][] pm = new double[fields][];
        double[][] pu = new double[fields][];
        for (int f = 0; f < fields; f++) {
            List<Level> ls = prior.fields().get(f).levels();
            m[f] = new double[ls.size()];
            u[f] = new double[ls.size()];
            for (int l = 0; l < ls.size(); l++) {
                m[f][l] = ls.get(l).m();
                u[f][l] = ls.get(l).u();
            }
            pm[f] = m[f].clone();
            pu[f] = u[f].clone();
        }
        double total = 0;
        for (Pattern p : patterns) {
            total += p.count();
        }
        // Start from a match share of one pair in a thousand of the blocked ones: the fit moves it where the data say.
        double lambda = total == 0 ? 0 : Math.min(0.5, Math.max(1e-9, blockedPairs * 1e-3 / total));
        int it = 0;
        for (; it < MAX_ITERATIONS && total > 0; it++) {
            double[][] em = new double[fields][];
            double[][] eu = new double[fields][];
            for (int f = 0; f < fields; f++) {
                em[f] = new double[m[f].length];
                eu[f] = new double[u[f].length];
            }
            double matches = 0;
            for (Pattern p : patterns) {
                // In logs: a pattern's likelihood is a product over up to a dozen small probabilities.
                double lm = Math.log(lambda);
                double lu = Math.log1p(-lambda);
                for (int f = 0; f < fields; f++) {
                    int l = p.levels()[f];
                    if (l >= 0) {
                        lm += Math.log(m[f][l]);
                        lu += Math.log(u[f][l]);
                    }
                }
                double w = 1 / (1 + Math.exp(lu - lm));
                double cm = p.count() * w;
                double cu = p.count() - cm;
                matches += cm;
                for (int f = 0; f < fields; f++) {
                    int l = p.levels()[f];
                    if (l >= 0) {
                        em[f][l] += cm;
                        eu[f][l] += cu;
                    }
                }
            }
            double change = Math.abs(matches / total - lambda);
            lambda = Math.min(1 - 1e-9, Math.max(1e-12, matches / total));
            for (int f = 0; f < fields; f++) {
                change = Math.max(change, normalise(em[f], pm[f], m[f]));
                change = Math.max(change, normalise(eu[f], pu[f], u[f]));
            }
            if (change < TOLERANCE) {
                it++;
                break;
            }
        }
        List<FieldSpec> fitted = new ArrayList<>(fields);
        for (int f = 0; f < fields; f++) {
            FieldSpec spec = prior.fields().get(f);
            List<Level> ls = new ArrayList<>(spec.levels().size());
            for (int l = 0; l < spec.levels().size(); l++) {
                Level old = spec.levels().get(l);
                ls.add(new Level(old.label(), old.comparator(), old.min(), m[f][l], u[f][l]));
            }
            fitted.add(spec.withLevels(ls));
        }
        MatchProfile profile = new MatchProfile(prior.name(), fitted, prior.blockingKeys(), prior.swap());
        return new Estimate(profile, lambda, it, blockedPairs, sampled, patterns.size());
    }

    /** Expected counts plus the prior's pseudo-counts, normalised into {@code out}; returns the largest change. */
    private double normalise(double[] expected, double[] prior, double[] out) {
        double sum = 0;
        for (int l = 0; l < expected.length; l++) {
            sum += expected[l] + priorStrength * prior[l];
        }
        double change = 0;
        for (int l = 0; l < expected.length; l++) {
            double v = sum == 0 ? prior[l] : (expected[l] + priorStrength * prior[l]) / sum;
            v = Math.max(v, 1e-12);
            change = Math.max(change, Math.abs(v - out[l]));
            out[l] = v;
        }
        return change;
    }

    /** Pairs reduced to distinct level patterns with their summed weight. */
    static final class PatternCounter {
        private final int fields;
        private final Map<Long, double[]> counts = new HashMap<>();

        PatternCounter(MatchProfile profile) {
            this.fields = profile.fields().size();
            if (fields > 16) {
                throw new IllegalArgumentException("at most 16 fields can be estimated, got " + fields);
            }
            for (FieldSpec f : profile.fields()) {
                if (f.levels().size() > 15) {
                    throw new IllegalArgumentException("at most 15 levels per field can be estimated: " + f.name());
                }
            }
        }

        void add(Matcher levels, PreparedRecord a, PreparedRecord b, double weight) {
            long code = 0;
            for (int f = 0; f < fields; f++) {
                code = code << 4 | (levels.levelIndex(f, a, b) + 1);
            }
            counts.computeIfAbsent(code, k -> new double[1])[0] += weight;
        }

        List<Pattern> patterns() {
            List<Pattern> out = new ArrayList<>(counts.size());
            counts.forEach((code, c) -> {
                int[] ls = new int[fields];
                long rest = code;
                for (int f = fields - 1; f >= 0; f--) {
                    ls[f] = (int) (rest & 15) - 1;
                    rest >>>= 4;
                }
                out.add(new Pattern(ls, c[0]));
            });
            return out;
        }
    }
}
