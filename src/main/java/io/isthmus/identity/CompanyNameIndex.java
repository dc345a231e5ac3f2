package io.isthmus.identity;

import io.isthmus.buyer.normalize.CompanyNormalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Fuzzy company-name lookup. Names are blocked on each token of the key and every form of it with one letter
 * deleted (so one typo on either side still shares a key: "munray" and "murray" both give "muray"), and on the
 * first and last four letters of the squashed key (so "SchummPLC" still meets "Schumm PLC"); at most
 * {@code maxPerKey} names per key value.
 */
public final class CompanyNameIndex {

    private static final LevenshteinDistance LEV = LevenshteinDistance.getDefaultInstance();

    /** A name in its comparison forms. */
    record Entry(String id, String stripped, String squashed, String sorted, String squashedFull, String sortedFull) {
    }

    /** The best-scoring name for a query. */
    public record Hit(String id, double similarity) {
    }

    private record Scored(Entry entry, double similarity, double full) {
        boolean beats(Scored o) {
            return similarity > o.similarity || similarity == o.similarity && full > o.full;
        }
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
        Entry e = entry(id, name);
        if (e == null) {
            return;
        }
        size++;
        for (String k : keys(e)) {
            List<Entry> list = byKey.computeIfAbsent(k, x -> new ArrayList<>(2));
            if (list.size() < maxPerKey) {
                list.add(e);
            }
        }
    }

    /** Ids of the blocked candidates for a name, each once. */
    public List<String> candidateIds(String name) {
        return candidates(entry("", name)).stream().map(Entry::id).toList();
    }

    /** Number of names filed. */
    public int size() {
        return size;
    }

    /** The most similar blocked name, whatever its similarity (the caller applies its threshold). */
    public Optional<Hit> best(String name) {
        Entry q = entry("", name);
        Scored best = null;
        for (Entry c : candidates(q)) {
            // Ties on the key (Acme Ltd vs Acme LLC when the query is "Acme Ltd") go to the closer full name.
            Scored s = new Scored(c, similarity(q, c), levenshtein(q.squashedFull(), c.squashedFull()));
            if (best == null || s.beats(best)) {
                best = s;
            }
        }
        return best == null ? Optional.empty() : Optional.of(new Hit(best.entry().id(), best.similarity()));
    }

    /** Similarity of two company names from 0 to 1, as {@link #best} scores it. */
    public double similarity(String a, String b) {
        Entry ea = entry("a", a);
        Entry eb = entry("b", b);
        return ea == null || eb == null ? 0 : similarity(ea, eb);
    }

    private List<Entry> candidates(Entry q) {
        if (q == null) {
            return List.of();
        }
        Set<Entry> out = new LinkedHashSet<>();
        for (String k : keys(q)) {
            out.addAll(byKey.getOrDefault(k, List.of()));
        }
        return new ArrayList<>(out);
    }

    // Best of four views: squashed key (spacing and punctuation errors), sorted tokens with and without the
    // legal form (word order, "PLC Torphy") and the squashed name with its legal form (a form glued to the name).
    private static double similarity(Entry a, Entry b) {
        double s = JaroWinkler.similarity(a.squashed(), b.squashed());
        s = Math.max(s, JaroWinkler.similarity(a.sorted(), b.sorted()));
        s = Math.max(s, JaroWinkler.similarity(a.sortedFull(), b.sortedFull()));
        return Math.max(s, levenshtein(a.squashedFull(), b.squashedFull()));
    }

    private static double levenshtein(String a, String b) {
        int max = Math.max(a.length(), b.length());
        return max == 0 ? 1 : 1.0 - (double) LEV.apply(a, b) / max;
    }

    private Entry entry(String id, String name) {
        String stripped = normalizer.matchKey(name);
        if (stripped == null || stripped.isEmpty()) {
            return null;
        }
        String[] tokens = stripped.split(" ");
        String[] sortedTokens = tokens.clone();
        Arrays.sort(sortedTokens);
        String[] fullTokens = CompanyNormalizer.tokenize(name);
        String full = String.join("", fullTokens);
        String[] sortedFull = fullTokens.clone();
        Arrays.sort(sortedFull);
        return new Entry(id, stripped, stripped.replace(" ", ""), String.join(" ", sortedTokens), full,
                String.join(" ", sortedFull));
    }

    private static List<String> keys(Entry e) {
        List<String> keys = new ArrayList<>();
        for (String t : e.stripped().split(" ")) {
            if (t.length() >= 3 && !t.equals("and")) {
                keys.add("t:" + t);
                if (t.length() >= 4) {
                    for (int i = 0; i < t.length(); i++) {
                        keys.add("t:" + t.substring(0, i) + t.substring(i + 1));
                    }
                }
            }
        }
        String sq = e.squashed();
        keys.add("p:" + sq.substring(0, Math.min(4, sq.length())));
        keys.add("s:" + sq.substring(Math.max(0, sq.length() - 4)));
        return keys;
    }
}
