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
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Fuzzy company-name lookup: names are blocked on their tokens and on the first and last four letters of the
 * squashed key (so "SchummPLC" still meets "Schumm PLC"), at most {@code maxPerKey} names per key value.
 */
public final class CompanyNameIndex {

    private static final JaroWinklerSimilarity JW = new JaroWinklerSimilarity();
    private static final LevenshteinDistance LEV = LevenshteinDistance.getDefaultInstance();

    /** A name in its comparison forms. */
    record Entry(String id, String stripped, String squashed, String sorted, String squashedFull) {
    }

    /** The best-scoring name for a query. */
    public record Hit(String id, double similarity) {
    }

    private final CompanyNormalizer normalizer;
    private final int maxPerKey;
    private final Map<String, List<Entry>> byKey = new HashMap<>();

    public CompanyNameIndex(CompanyNormalizer normalizer, int maxPerKey) {
        this.normalizer = normalizer;
        this.maxPerKey = maxPerKey;
    }

    public void add(String id, String name) {
        Entry e = entry(id, name);
        if (e == null) {
            return;
        }
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

    /** The most similar blocked name, whatever its similarity (the caller applies its threshold). */
    public Optional<Hit> best(String name) {
        Entry q = entry("", name);
        Hit best = null;
        for (Entry c : candidates(q)) {
            double s = similarity(q, c);
            if (best == null || s > best.similarity()) {
                best = new Hit(c.id(), s);
            }
        }
        return Optional.ofNullable(best);
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

    // Best of three views: squashed key (spacing and punctuation errors), sorted tokens (word order) and the
    // squashed name with its legal form (when the corruption glued the form onto the name).
    private static double similarity(Entry a, Entry b) {
        double s = JW.apply(a.squashed(), b.squashed());
        s = Math.max(s, JW.apply(a.sorted(), b.sorted()));
        int max = Math.max(a.squashedFull().length(), b.squashedFull().length());
        return Math.max(s, 1.0 - (double) LEV.apply(a.squashedFull(), b.squashedFull()) / max);
    }

    private Entry entry(String id, String name) {
        String stripped = normalizer.matchKey(name);
        if (stripped == null || stripped.isEmpty()) {
            return null;
        }
        String[] tokens = stripped.split(" ");
        String[] sortedTokens = tokens.clone();
        Arrays.sort(sortedTokens);
        String full = String.join("", CompanyNormalizer.tokenize(name));
        return new Entry(id, stripped, stripped.replace(" ", ""), String.join(" ", sortedTokens), full);
    }

    private static List<String> keys(Entry e) {
        List<String> keys = new ArrayList<>();
        for (String t : e.stripped().split(" ")) {
            if (t.length() >= 3 && !t.equals("and")) {
                keys.add("t:" + t);
            }
        }
        String sq = e.squashed();
        keys.add("p:" + sq.substring(0, Math.min(4, sq.length())));
        keys.add("s:" + sq.substring(Math.max(0, sq.length() - 4)));
        return keys;
    }
}
