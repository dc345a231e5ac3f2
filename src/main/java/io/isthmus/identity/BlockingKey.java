package io.isthmus.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One blocking key: records that share the key's value become candidates for comparison. A key combines one or
 * more field parts, each with a transform; a key with a missing part yields nothing. {@code maxPerValue} tightens
 * the index-wide cap for a broad key (a birth date alone), so it helps small blocks without flooding large ones.
 */
public record BlockingKey(String label, List<Part> parts, boolean unordered, int maxPerValue) {

    public BlockingKey {
        parts = List.copyOf(parts);
    }

    public BlockingKey(String label, List<Part> parts) {
        this(label, parts, false, Integer.MAX_VALUE);
    }

    /** How a field value becomes part of a key. */
    public enum Transform {
        VALUE, METAPHONE, INITIAL, PREFIX3, YEAR, LOCAL, TOKENS;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Part(int field, Transform transform) {
    }

    /**
     * The key's values for a record (several when a part is TOKENS); empty when a part is missing. An unordered key
     * sorts its parts' pieces first, so a record with given and family name exchanged gets the same value.
     */
    public List<String> values(PreparedRecord r) {
        List<List<String>> partPieces = new ArrayList<>(parts.size());
        for (Part p : parts) {
            String v = r.value(p.field());
            if (v == null) {
                return List.of();
            }
            List<String> pieces = pieces(v, p.transform());
            if (pieces.isEmpty()) {
                return List.of();
            }
            partPieces.add(pieces);
        }
        if (unordered) {
            partPieces.sort(java.util.Comparator.comparing(l -> l.get(0)));
        }
        List<String> acc = new ArrayList<>(1);
        acc.add("");
        for (List<String> pieces : partPieces) {
            List<String> next = new ArrayList<>(acc.size() * pieces.size());
            for (String a : acc) {
                for (String piece : pieces) {
                    next.add(a.isEmpty() ? piece : a + '\u0001' + piece);
                }
            }
            acc = next;
        }
        return acc;
    }

    private static List<String> pieces(String v, Transform t) {
        return switch (t) {
            case VALUE -> List.of(v);
            case METAPHONE -> {
                String m = FieldComparator.metaphone(v.replace(" ", ""));
                yield m == null || m.isEmpty() ? List.of() : List.of(m);
            }
            case INITIAL -> List.of(v.substring(0, 1));
            case PREFIX3 -> List.of(v.length() <= 3 ? v : v.substring(0, 3));
            case YEAR -> v.length() >= 4 ? List.of(v.substring(0, 4)) : List.of();
            case LOCAL -> {
                int at = v.lastIndexOf('@');
                yield at <= 0 ? List.of() : List.of(v.substring(0, at));
            }
            case TOKENS -> {
                List<String> out = new ArrayList<>();
                for (String tok : v.split(" ")) {
                    if (tok.length() >= 2) {
                        out.add(tok);
                    }
                }
                yield out;
            }
        };
    }
}
