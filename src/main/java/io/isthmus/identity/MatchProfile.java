package io.isthmus.identity;

import java.util.List;
import java.util.Map;

/**
 * A record schema for probabilistic matching: the compared fields with their levels and the blocking keys.
 * Profiles exist because record shapes differ (a CRM contact vs a person register); thresholds are global.
 */
public record MatchProfile(String name, List<FieldSpec> fields, List<BlockingKey> blockingKeys, Swap swap) {

    /**
     * Two fields that sources often exchange (given name and family name typed into each other's box): pairs are
     * also scored with one side's values swapped, and the better score minus {@code penalty} bits counts.
     */
    public record Swap(int first, int second, double penalty) {
    }

    public MatchProfile {
        fields = List.copyOf(fields);
        blockingKeys = List.copyOf(blockingKeys);
    }

    public MatchProfile(String name, List<FieldSpec> fields, List<BlockingKey> blockingKeys) {
        this(name, fields, blockingKeys, null);
    }

    /** Cleans the raw values (by field name; unknown names ignored, absent ones missing) into match form. */
    public PreparedRecord prepare(String id, Map<String, String> raw) {
        String[] values = new String[fields.size()];
        String[][] phonetic = new String[fields.size()][];
        for (int i = 0; i < values.length; i++) {
            FieldSpec f = fields.get(i);
            values[i] = f.cleaner().clean(raw.get(f.name()));
            if (values[i] != null && needsCodes(i)) {
                phonetic[i] = FieldComparator.codes(values[i]);
            }
        }
        return new PreparedRecord(id, values, phonetic);
    }

    /**
     * A field compared phonetically needs its codes; so does its swap partner, whose value is compared with the
     * phonetic field's levels in the swapped reading (without codes the matcher would encode it per comparison).
     */
    private boolean needsCodes(int i) {
        if (phonetic(i)) {
            return true;
        }
        return swap != null && (i == swap.first() && phonetic(swap.second())
                || i == swap.second() && phonetic(swap.first()));
    }

    private boolean phonetic(int i) {
        return fields.get(i).levels().stream().anyMatch(l -> l.comparator() == FieldComparator.PHONETIC);
    }

    public int fieldIndex(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
