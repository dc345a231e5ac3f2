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
        long[] masks = BitParallel.masks();
        Entry best = null;
        double bestSim = 0;
        double bestFull = 0;
        for (Entry c : cands) {
            // The full-name similarity is both one of the views and the tie-break: ties on the key (Acme Ltd vs
            // Acme LLC when the query is "Acme Ltd") go to the closer full name.
            double full = BitParallel.levenshtein(q.squashedFull(), c.squashedFull(), masks);
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
        long[] masks = BitParallel.masks();
        return Math.max(keySimilarity(ea, eb, masks), BitParallel.levenshtein(ea.squashedFull(), eb.squashedFull(), masks));
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
        double s = BitParallel.jaroWinkler(a.squashed(), b.squashed(), masks);
        if (s == 1) {
            return 1;
        }
        s = Math.max(s, BitParallel.jaroWinkler(a.sorted(), b.sorted(), masks));
        return Math.max(s, BitParallel.jaroWinkler(a.sortedFull(), b.sortedFull(), masks));
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
