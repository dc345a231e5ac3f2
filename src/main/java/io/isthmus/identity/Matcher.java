package io.isthmus.identity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Probabilistic matching of one profile: sums the Fellegi-Sunter weights of every field's agreement level and
 * classifies the total against the global thresholds. Deciding is separate from acting: nothing is merged here.
 */
public final class Matcher {

    private static final String MISSING = "missing";

    private final MatchProfile profile;
    private final Thresholds thresholds;
    private final String rule;

    public Matcher(MatchProfile profile, Thresholds thresholds) {
        this.profile = profile;
        this.thresholds = thresholds;
        this.rule = "probabilistic:" + profile.name();
    }

    public MatchProfile profile() {
        return profile;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    /** Total weight in bits; a field with a missing value on either side adds nothing. */
    public double weight(PreparedRecord a, PreparedRecord b) {
        double plain = weight(a, b, false);
        MatchProfile.Swap swap = profile.swap();
        return swap == null ? plain : Math.max(plain, weight(a, b, true) - swap.penalty());
    }

    private double weight(PreparedRecord a, PreparedRecord b, boolean swapped) {
        double total = 0;
        List<FieldSpec> fields = profile.fields();
        for (int i = 0; i < fields.size(); i++) {
            String va = a.value(i);
            String vb = b.value(swapped ? swapIndex(i) : i);
            if (va == null || vb == null) {
                continue;
            }
            total += level(fields.get(i), va, vb).weight();
        }
        return total;
    }

    private int swapIndex(int i) {
        MatchProfile.Swap s = profile.swap();
        return i == s.first() ? s.second() : i == s.second() ? s.first() : i;
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
            String va = probe.value(i);
            String vb = candidate.value(swapped ? swapIndex(i) : i);
            if (va == null || vb == null) {
                evidence.add(new FieldEvidence(f.name(), va, vb, MISSING, 0));
                continue;
            }
            Level l = level(f, va, vb);
            total += l.weight();
            evidence.add(new FieldEvidence(f.name(), va, vb, swapped && swapIndex(i) != i ? "swapped " + l.label()
                    : l.label(), l.weight()));
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
            if (thresholds.outcome(weight(probe, c)) != MatchOutcome.DISTINCT) {
                out.add(decide(probe, c));
            }
        }
        out.sort(Comparator.comparingDouble(MatchDecision::weight).reversed());
        return out;
    }

    private static Level level(FieldSpec f, String a, String b) {
        List<Level> levels = f.levels();
        for (int i = 0; i < levels.size() - 1; i++) {
            Level l = levels.get(i);
            if (l.applies(a, b)) {
                return l;
            }
        }
        return levels.get(levels.size() - 1);
    }
}
