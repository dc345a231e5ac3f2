package io.isthmus.identity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Probabilistic matching of one profile: sums the Fellegi-Sunter weights of every field's agreement level and
 * classifies the total against the global thresholds. Deciding is separate from acting: nothing is merged here.
 * Stateless and thread-safe.
 */
public final class Matcher {

    private static final String MISSING = "missing";
    private static final String NAMES_ONLY = "names only";

    private final MatchProfile profile;
    private final Thresholds thresholds;
    private final String rule;
    /** Highest weight each field can add: bounds what the fields not yet compared could still contribute. */
    private final double[] maxWeight;
    /** Fields in comparison order: the swap pair (dearest: four string comparisons) last. */
    private final int[] order;
    /** Value counts of the store for term-frequency fields; null: every exact agreement weighs its level's weight. */
    private final TermFrequencies tf;
    /** Per field, the name fields taken out of its values before comparing ({@link SharedNames}); null: none. */
    private final int[][] sharedNames;

    public Matcher(MatchProfile profile, Thresholds thresholds) {
        this(profile, thresholds, null);
    }

    /** A matcher that weighs exact agreements on term-frequency fields by the value's frequency in {@code tf}. */
    public Matcher(MatchProfile profile, Thresholds thresholds, TermFrequencies tf) {
        this.tf = tf;
        this.profile = profile;
        this.thresholds = thresholds;
        this.rule = "probabilistic:" + profile.name();
        int n = profile.fields().size();
        this.maxWeight = new double[n];
        for (int i = 0; i < n; i++) {
            maxWeight[i] = Math.max(0, profile.fields().get(i).levels().stream().mapToDouble(Level::weight).max()
                    .orElse(0));
        }
        this.sharedNames = new int[n][];
        for (int i = 0; i < n; i++) {
            List<String> names = profile.fields().get(i).withoutSharedNames();
            if (!names.isEmpty()) {
                sharedNames[i] = names.stream().mapToInt(profile::fieldIndex).filter(f -> f >= 0).toArray();
            }
        }
        MatchProfile.Swap swap = profile.swap();
        this.order = java.util.stream.IntStream.range(0, n)
                .boxed()
                .sorted(Comparator.comparing((Integer i) -> swap != null && (i == swap.first() || i == swap.second())))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /**
     * The outcome for a pair without the evidence. Stops comparing as soon as the fields left cannot lift the total
     * to the possible-match threshold, which is what most blocked candidates do (identical result to
     * {@code thresholds().outcome(weight(a, b))}, less work).
     */
    public MatchOutcome classify(PreparedRecord a, PreparedRecord b) {
        double floor = thresholds.possible();
        MatchProfile.Swap swap = profile.swap();
        double optimistic = 0;
        double[] bound = bounds();
        for (int i = 0; i < order.length; i++) {
            if (a.value(i) != null && (b.value(i) != null || swap != null && isSwapField(i) && b.value(swapIndex(i)) != null)) {
                optimistic += bound[i];
            }
        }
        double total = 0;
        for (int i : order) {
            if (swap != null && isSwapField(i)) {
                break;
            }
            if (a.value(i) != null && b.value(i) != null) {
                total += fieldWeight(i, a, i, b, i);
                optimistic -= bound[i];
                if (total + optimistic < floor) {
                    return MatchOutcome.DISTINCT;
                }
            }
        }
        return thresholds.outcome(swap == null ? total : total + swapPairWeight(a, b, swap, bound));
    }

    /** Highest weight each field can add now, term-frequency bonus included. */
    private double[] bounds() {
        if (tf == null) {
            return maxWeight;
        }
        double[] b = maxWeight.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] += tf.maxAdjustment(i);
        }
        return b;
    }

    private boolean isSwapField(int i) {
        MatchProfile.Swap s = profile.swap();
        return i == s.first() || i == s.second();
    }

    private double swapPairWeight(PreparedRecord a, PreparedRecord b, MatchProfile.Swap swap, double[] bound) {
        int f = swap.first();
        int g = swap.second();
        double plain = fieldWeight(f, a, f, b, f) + fieldWeight(g, a, g, b, g);
        if (plain >= bound[f] + bound[g] - swap.penalty()) {
            return plain; // the swapped reading cannot do better: skip its string comparisons
        }
        double swapped = fieldWeight(f, a, f, b, g) + fieldWeight(g, a, g, b, f) - swap.penalty();
        return Math.max(plain, swapped);
    }

    public MatchProfile profile() {
        return profile;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    /** Total weight in bits; a field with a missing value on either side adds nothing. */
    public double weight(PreparedRecord a, PreparedRecord b) {
        MatchProfile.Swap swap = profile.swap();
        if (swap == null) {
            return weight(a, b, false);
        }
        // Only the two swap fields differ between the readings: score the rest once.
        double rest = 0;
        for (int i = 0; i < profile.fields().size(); i++) {
            if (i != swap.first() && i != swap.second()) {
                rest += fieldWeight(i, a, i, b, i);
            }
        }
        return rest + swapPairWeight(a, b, swap, bounds());
    }

    /** The full decision with per-field evidence; when the swapped reading scores better, it is the evidence. */
    public MatchDecision decide(PreparedRecord probe, PreparedRecord candidate) {
        MatchProfile.Swap swap = profile.swap();
        boolean swapped = swap != null && weight(probe, candidate, true) - swap.penalty() > weight(probe, candidate, false);
        List<FieldSpec> fields = profile.fields();
        List<FieldEvidence> evidence = new ArrayList<>(fields.size());
        double total = swapped ? -swap.penalty() : 0;
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec f = fields.get(i);
            int j = swapped ? swapIndex(i) : i;
            String va = probe.value(i);
            String vb = candidate.value(j);
            if (va == null || vb == null) {
                evidence.add(new FieldEvidence(f.name(), va, vb, MISSING, 0));
                continue;
            }
            Level l = level(i, probe, i, candidate, j);
            if (l == null) {
                evidence.add(new FieldEvidence(f.name(), va, vb, NAMES_ONLY, 0));
                continue;
            }
            double adjust = adjustment(i, l, va);
            double w = l.weight() + adjust;
            total += w;
            String label = adjust == 0 ? l.label()
                    : String.format(java.util.Locale.ROOT, "%s (value frequency %+.2f bits)", l.label(), adjust);
            evidence.add(new FieldEvidence(f.name(), va, vb, j != i ? "swapped " + label : label, w));
        }
        return new MatchDecision(probe.id(), candidate.id(), thresholds.outcome(total), rule, total, evidence);
    }

    /**
     * Decisions for every blocked candidate that is at least a possible match, best first. Distinct candidates
     * are dropped: they are the vast majority and carry nothing to act on.
     */
    public List<MatchDecision> match(PreparedRecord probe, BlockingIndex index) {
        List<MatchDecision> out = new ArrayList<>();
        for (PreparedRecord c : index.candidates(probe)) {
            if (classify(probe, c) != MatchOutcome.DISTINCT) {
                out.add(decide(probe, c));
            }
        }
        out.sort(Comparator.comparingDouble(MatchDecision::weight).reversed());
        return out;
    }

    private double weight(PreparedRecord a, PreparedRecord b, boolean swapped) {
        double total = 0;
        for (int i = 0; i < profile.fields().size(); i++) {
            total += fieldWeight(i, a, i, b, swapped ? swapIndex(i) : i);
        }
        return total;
    }

    private int swapIndex(int i) {
        MatchProfile.Swap s = profile.swap();
        return i == s.first() ? s.second() : i == s.second() ? s.first() : i;
    }

    /** Field {@code spec}'s weight for value {@code i} of a against value {@code j} of b (j ≠ i when swapped). */
    private double fieldWeight(int spec, PreparedRecord a, int i, PreparedRecord b, int j) {
        if (a.value(i) == null || b.value(j) == null) {
            return 0;
        }
        Level l = level(spec, a, i, b, j);
        return l == null ? 0 : l.weight() + adjustment(spec, l, a.value(i));
    }

    /** The term-frequency adjustment for an exact agreement on {@code value}; 0 for any other level. */
    private double adjustment(int spec, Level l, String value) {
        return tf != null && l.comparator() == FieldComparator.EXACT && tf.enabled(spec) ? tf.adjustment(spec, value) : 0;
    }

    /**
     * The index of the level field {@code spec} reaches for a against b (plain reading), -1 when a value is missing
     * or nothing is left to compare once the shared names are out.
     */
    int levelIndex(int spec, PreparedRecord a, PreparedRecord b) {
        if (a.value(spec) == null || b.value(spec) == null) {
            return -1;
        }
        Level l = level(spec, a, spec, b, spec);
        return l == null ? -1 : profile.fields().get(spec).levels().indexOf(l);
    }

    /** The level that applies; null when the values say nothing beyond the names both records share. */
    private Level level(int spec, PreparedRecord a, int i, PreparedRecord b, int j) {
        List<Level> levels = profile.fields().get(spec).levels();
        String va = a.value(i);
        String vb = b.value(j);
        boolean reduced = false;
        if (sharedNames[spec] != null && !va.equals(vb)) {
            String[] rest = SharedNames.reduce(va, vb, a, b, sharedNames[spec]);
            if (rest == null) {
                return null;
            }
            reduced = rest[0] != va || rest[1] != vb;
            va = rest[0];
            vb = rest[1];
        }
        // Levels of one comparator at falling minimums (jaro-winkler >= 0.88, then >= 0.7) share one similarity.
        FieldComparator last = null;
        double similarity = 0;
        for (int k = 0; k < levels.size() - 1; k++) {
            Level l = levels.get(k);
            if (reduced && l.comparator() == FieldComparator.EXACT) {
                continue; // equal once the names are out is not the same value: the values differ
            }
            boolean applies;
            if (!reduced && l.comparator() == FieldComparator.PHONETIC && a.phonetic(i) != null && b.phonetic(j) != null) {
                applies = va.equals(vb) || FieldComparator.soundAlike(a.phonetic(i), b.phonetic(j));
            } else {
                if (l.comparator() != last) {
                    similarity = l.comparator().similarity(va, vb);
                    last = l.comparator();
                }
                applies = similarity >= l.min();
            }
            if (applies) {
                return l;
            }
        }
        return levels.get(levels.size() - 1);
    }
}
