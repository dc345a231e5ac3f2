package io.isthmus.identity;

import io.isthmus.buyer.normalize.CompanyNormalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fuzzy company-name lookup. Names are blocked on each token of the key and every form of it with one letter
 * deleted (so one typo on either side still shares a key: "munray" and "murray" both give "muray"), and on the
 * first and last four letters of the squashed key (so "SchummPLC" still meets "Schumm PLC"); at most
 * {@code maxPerKey} names per key value. A filed name keeps its comparison forms, so a lookup normalises only the
 * query, once.
 */
public final class CompanyNameIndex {

    /** A name in its comparison forms (equal entries, the same id and name filed twice, are compared once). */
    record Entry(String id, String stripped, String squashed, String sorted, String squashedFull, String sortedFull) {
    }

    /** An entry with the tokens of its key, which give the block keys. */
    private record Prepared(Entry entry, String[] keyTokens) {
    }

    /** The best-scoring name for a query. */
    public record Hit(String id, double similarity) {
    }

    /** A lookup: the ids of the blocked candidates (each once, in blocking order) and the best of them. */
    public record Lookup(List<String> candidateIds, Optional<Hit> best) {
    }

    private final CompanyNormalizer normalizer;
    private final int maxPerKey;
    private final Map<String, List<Entry>> byKey = new HashMap<>();
    private int size;

    public CompanyNameIndex(CompanyNormalizer normalizer, int maxPerKey) {
        this.normalizer = normalizer;
        this.maxPerKey = maxPerKey;
    }

    public void add(String id, String name) {
        Prepared p = prepare(id, name);
        if (p == null) {
            return;
        }
        size++;
        Entry e = p.entry();
        for (String k : keys(p)) {
            List<Entry> list = byKey.computeIfAbsent(k, x -> new ArrayList<>(2));
            if (list.size() < maxPerKey) {
                list.add(e);
            }
        }
    }

    /** Ids of the blocked candidates for a name, each once. */
    public List<String> candidateIds(String name) {
        return ids(candidates(prepare("", name)));
    }

    /** Number of names filed. */
    public int size() {
        return size;
    }

    /** The most similar blocked name, whatever its similarity (the caller applies its threshold). */
    public Optional<Hit> best(String name) {
        Prepared q = prepare("", name);
        return best(q, candidates(q));
    }

    /** {@link #candidateIds} and {@link #best} of one name, normalising and blocking it once. */
    public Lookup lookup(String name) {
        Prepared q = prepare("", name);
        List<Entry> cands = candidates(q);
        return new Lookup(ids(cands), best(q, cands));
    }

    private static List<String> ids(List<Entry> entries) {
        List<String> ids = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            ids.add(e.id());
        }
        return ids;
    }

    private static Optional<Hit> best(Prepared query, List<Entry> cands) {
        if (query == null) {
            return Optional.empty();
        }
        Entry q = query.entry();
        long[] masks = new long[ASCII];
        Entry best = null;
        double bestSim = 0;
        double bestFull = 0;
        for (Entry c : cands) {
            // The full-name similarity is both one of the views and the tie-break: ties on the key (Acme Ltd vs
            // Acme LLC when the query is "Acme Ltd") go to the closer full name.
            double full = levenshtein(q.squashedFull(), c.squashedFull(), masks);
            double sim = Math.max(keySimilarity(q, c, masks), full);
            if (best == null || sim > bestSim || sim == bestSim && full > bestFull) {
                best = c;
                bestSim = sim;
                bestFull = full;
            }
        }
        return best == null ? Optional.empty() : Optional.of(new Hit(best.id(), bestSim));
    }

    /** Similarity of two company names from 0 to 1, as {@link #best} scores it. */
    public double similarity(String a, String b) {
        Prepared pa = prepare("a", a);
        Prepared pb = prepare("b", b);
        if (pa == null || pb == null) {
            return 0;
        }
        Entry ea = pa.entry();
        Entry eb = pb.entry();
        long[] masks = new long[ASCII];
        return Math.max(keySimilarity(ea, eb, masks), levenshtein(ea.squashedFull(), eb.squashedFull(), masks));
    }

    private List<Entry> candidates(Prepared q) {
        if (q == null) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        Set<Entry> seen = new HashSet<>();
        for (String k : keys(q)) {
            List<Entry> list = byKey.get(k);
            if (list != null) {
                for (Entry e : list) {
                    if (seen.add(e)) {
                        out.add(e);
                    }
                }
            }
        }
        return out;
    }

    // Best of four views: squashed key (spacing and punctuation errors), sorted tokens with and without the
    // legal form (word order, "PLC Torphy") and the squashed name with its legal form (a form glued to the name);
    // the last is added by the callers. A view equal on both sides scores 1, the most any view can give.
    private static double keySimilarity(Entry a, Entry b, long[] masks) {
        double s = jaroWinkler(a.squashed(), b.squashed(), masks);
        if (s == 1) {
            return 1;
        }
        s = Math.max(s, jaroWinkler(a.sorted(), b.sorted(), masks));
        return Math.max(s, jaroWinkler(a.sortedFull(), b.sortedFull(), masks));
    }

    /** Characters with a position mask of their own; a string with any other falls back to the plain loops. */
    private static final int ASCII = 128;

    /**
     * {@link JaroWinkler#similarity}, to the last bit, for strings of up to 64 ASCII characters: the positions of
     * each character of the longer string are kept as a bit mask (in {@code masks}, all zero before and after), so
     * the first unused match inside the window is one AND and a lowest-bit instead of a scan of the window.
     */
    static double jaroWinkler(String first, String second, long[] masks) {
        if (first.equals(second)) {
            return 1;
        }
        // As JaroWinkler: the shorter string's characters are matched into the longer one's.
        String a = first.length() > second.length() ? second : first;
        String b = a == first ? second : first;
        int la = a.length();
        int lb = b.length();
        if (la == 0) {
            return 0;
        }
        if (lb > 64 || !setMasks(b, masks)) {
            return JaroWinkler.similarity(first, second);
        }
        int range = Math.max(0, lb / 2 - 1);
        long usedA = 0;
        long usedB = 0;
        int matches = 0;
        for (int i = 0; i < la; i++) {
            char c = a.charAt(i);
            int lo = Math.max(0, i - range);
            int hi = Math.min(lb - 1, i + range);
            if (c >= ASCII || lo > hi) {
                continue;
            }
            long free = masks[c] & ~usedB & (-1L << lo) & (-1L >>> (63 - hi));
            if (free != 0) {
                usedA |= 1L << i;
                usedB |= free & -free;
                matches++;
            }
        }
        clearMasks(b, masks);
        if (matches == 0) {
            return 0;
        }
        int mismatched = 0;
        for (long ua = usedA, ub = usedB; ua != 0; ua &= ua - 1, ub &= ub - 1) {
            if (a.charAt(Long.numberOfTrailingZeros(ua)) != b.charAt(Long.numberOfTrailingZeros(ub))) {
                mismatched++;
            }
        }
        double t = mismatched / 2.0;
        double jaro = ((double) matches / la + (double) matches / lb + (matches - t) / matches) / 3.0;
        if (jaro < 0.7) {
            return jaro;
        }
        int max = Math.min(4, la);
        int prefix = 0;
        while (prefix < max && a.charAt(prefix) == b.charAt(prefix)) {
            prefix++;
        }
        return jaro + 0.1 * prefix * (1 - jaro);
    }

    /** Sets each character's position bits; false (masks left all zero) when a character is not ASCII. */
    private static boolean setMasks(String s, long[] masks) {
        for (int j = 0; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c >= ASCII) {
                clearMasks(s.substring(0, j), masks);
                return false;
            }
            masks[c] |= 1L << j;
        }
        return true;
    }

    private static void clearMasks(String s, long[] masks) {
        for (int j = 0; j < s.length(); j++) {
            masks[s.charAt(j)] = 0;
        }
    }

    /** 1 − edit distance / longer length; 1 for two empty strings. */
    static double levenshtein(String a, String b, long[] masks) {
        int max = Math.max(a.length(), b.length());
        return max == 0 ? 1 : 1.0 - (double) editDistance(a, b, masks) / max;
    }

    /**
     * Levenshtein distance (insertions, deletions, substitutions, each 1). When the shorter string has 1 to 64 ASCII
     * characters, bit-parallel (Myers 1999 in Hyyrö's form: one column of the distance table per machine word,
     * updated once per character of the longer string); otherwise one row of primitive ints.
     */
    static int editDistance(String a, String b, long[] masks) {
        String p = a.length() <= b.length() ? a : b;
        String t = p == a ? b : a;
        int m = p.length();
        if (m == 0) {
            return t.length();
        }
        if (m > 64 || !setMasks(p, masks)) {
            return editDistanceRows(t, p);
        }
        long pv = -1L;
        long mv = 0;
        long high = 1L << (m - 1);
        int score = m;
        for (int j = 0; j < t.length(); j++) {
            char c = t.charAt(j);
            long eq = c < ASCII ? masks[c] : 0;
            long xv = eq | mv;
            long xh = (((eq & pv) + pv) ^ pv) | eq;
            long ph = mv | ~(xh | pv);
            long mh = pv & xh;
            if ((ph & high) != 0) {
                score++;
            } else if ((mh & high) != 0) {
                score--;
            }
            // Row 0 of the table is 0, 1, 2, ...: every step along the longer string adds one there.
            ph = (ph << 1) | 1;
            mh <<= 1;
            pv = mh | ~(xv | ph);
            mv = ph & xv;
        }
        clearMasks(p, masks);
        return score;
    }

    /** The same distance over one row of primitive ints, {@code b} the shorter. */
    static int editDistanceRows(String a, String b) {
        int n = b.length();
        int[] row = new int[n + 1];
        for (int j = 0; j <= n; j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            char ca = a.charAt(i - 1);
            int diag = row[0];
            row[0] = i;
            for (int j = 1; j <= n; j++) {
                int up = row[j];
                int cost = ca == b.charAt(j - 1) ? diag : diag + 1;
                row[j] = Math.min(cost, Math.min(up, row[j - 1]) + 1);
                diag = up;
            }
        }
        return row[n];
    }

    private Prepared prepare(String id, String name) {
        String[] fullTokens = CompanyNormalizer.tokenize(name);
        String[] tokens = normalizer.matchKeyTokens(fullTokens);
        if (tokens.length == 0) {
            return null;
        }
        Entry e = new Entry(id, String.join(" ", tokens), String.join("", tokens), sortedJoin(tokens),
                String.join("", fullTokens), sortedJoin(fullTokens));
        return new Prepared(e, tokens);
    }

    private static String sortedJoin(String[] tokens) {
        if (tokens.length == 1) {
            return tokens[0];
        }
        String[] sorted = tokens.clone();
        Arrays.sort(sorted);
        return String.join(" ", sorted);
    }

    // Key values: "t" + a token and each form of it with one letter deleted (a letter that repeats gives the same
    // form twice, filed twice, as it always was), "p" + the first and "s" + the last four squashed letters. The
    // one-letter tag keeps the kinds apart; each value is copied once from a char buffer, not built by concatenation.
    private static List<String> keys(Prepared p) {
        List<String> keys = new ArrayList<>();
        char[] buf = new char[16];
        for (String t : p.keyTokens()) {
            int len = t.length();
            if (len >= 3 && !t.equals("and")) {
                if (buf.length < len + 1) {
                    buf = new char[len + 1];
                }
                buf[0] = 't';
                t.getChars(0, len, buf, 1);
                keys.add(new String(buf, 0, len + 1));
                if (len >= 4) {
                    for (int i = 0; i < len; i++) {
                        t.getChars(0, i, buf, 1);
                        t.getChars(i + 1, len, buf, 1 + i);
                        keys.add(new String(buf, 0, len));
                    }
                }
            }
        }
        String sq = p.entry().squashed();
        keys.add("p" + sq.substring(0, Math.min(4, sq.length())));
        keys.add("s" + sq.substring(Math.max(0, sq.length() - 4)));
        return keys;
    }
}
