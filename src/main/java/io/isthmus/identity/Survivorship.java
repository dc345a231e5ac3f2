package io.isthmus.identity;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/** Builds the golden record from a buyer's contributions, field by field, by the configured rules. */
public final class Survivorship {

    private final SurvivorshipRules rules;

    public Survivorship(SurvivorshipRules rules) {
        this.rules = rules;
    }

    public GoldenRecord build(String buyerId, Collection<Contribution> contributions) {
        TreeSet<String> fieldNames = new TreeSet<>();
        contributions.forEach(c -> fieldNames.addAll(c.fields().keySet()));
        Map<String, String> values = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        for (String field : fieldNames) {
            Comparator<Contribution> order = order(rules.ruleFor(field), field);
            Contribution best = null;
            for (Contribution c : contributions) {
                // Only contributions holding a value compete: blank never overwrites a value.
                if (c.fields().containsKey(field) && (best == null || order.compare(c, best) < 0)) {
                    best = c;
                }
            }
            if (best != null) {
                values.put(field, best.fields().get(field));
                sources.put(field, best.key());
            }
        }
        return new GoldenRecord(buyerId, values, sources);
    }

    /** Best first; every rule ends in recency and then the key, so the result never depends on input order. */
    private Comparator<Contribution> order(SurvivorshipRule rule, String field) {
        Comparator<Contribution> recent = Comparator.comparing(Contribution::observedAt).reversed();
        Comparator<Contribution> tieBreak = recent.thenComparing(Contribution::key);
        return switch (rule) {
            case MOST_RECENT -> tieBreak;
            case SOURCE_PRIORITY -> Comparator.<Contribution>comparingInt(c -> rules.rank(c.system()))
                    .thenComparing(tieBreak);
            case MOST_COMPLETE -> Comparator.<Contribution>comparingInt(c -> c.fields().get(field).strip().length())
                    .reversed().thenComparing(tieBreak);
        };
    }
}
