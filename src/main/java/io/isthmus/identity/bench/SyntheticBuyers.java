package io.isthmus.identity.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic contacts for the scaling run. Names are built from syllables with a skew towards
 * common ones (a few names are frequent, most are rare, as in real contact lists) so blocks grow with the store.
 */
final class SyntheticBuyers {

    private static final String[] SYLLABLES = {"an", "bel", "car", "dan", "el", "fer", "gar", "hol", "is", "jo",
        "kar", "lin", "mar", "nor", "ol", "per", "quin", "ros", "sal", "tor", "ul", "van", "wil", "yor", "zel",
        "ber", "ste", "mi", "ka", "lo"};

    private final SplittableRandom random;
    private final String[] firstNames = new String[3_000];
    private final String[] lastNames = new String[60_000];
    private final String[] cities = new String[2_000];
    private final String[] domains = new String[500];

    SyntheticBuyers(long seed) {
        this.random = new SplittableRandom(seed);
        SplittableRandom vocab = new SplittableRandom(seed ^ 0x5DEECE66DL);
        fill(firstNames, vocab, 2, 3);
        fill(lastNames, vocab, 2, 4);
        fill(cities, vocab, 2, 3);
        for (int i = 0; i < domains.length; i++) {
            domains[i] = word(vocab, 2, 3) + (i % 3 == 0 ? ".com" : i % 3 == 1 ? ".de" : ".co.uk");
        }
    }

    /** The next buyer as raw contact fields (contact profile names). */
    Map<String, String> next() {
        String first = pick(firstNames);
        String last = pick(lastNames);
        Map<String, String> m = new HashMap<>();
        m.put("first_name", first);
        m.put("last_name", last);
        m.put("dob", String.format("%04d-%02d-%02d", 1940 + random.nextInt(65), 1 + random.nextInt(12),
                1 + random.nextInt(28)));
        m.put("city", pick(cities));
        m.put("email", first + "." + last + random.nextInt(1000) + "@" + pick(domains));
        m.put("phone", "+1" + (2_000_000_000L + random.nextLong(7_000_000_000L)));
        return m;
    }

    /** A copy of a buyer as another source might hold it: one typo in the last name, no phone. */
    Map<String, String> variant(Map<String, String> buyer) {
        Map<String, String> m = new HashMap<>(buyer);
        String last = m.get("last_name");
        int at = random.nextInt(last.length());
        m.put("last_name", last.substring(0, at) + (char) ('a' + random.nextInt(26)) + last.substring(at + 1));
        m.remove("phone");
        return m;
    }

    private String pick(String[] vocab) {
        double r = random.nextDouble();
        return vocab[(int) (r * r * vocab.length)];
    }

    private static void fill(String[] out, SplittableRandom r, int minSyl, int maxSyl) {
        for (int i = 0; i < out.length; i++) {
            out[i] = word(r, minSyl, maxSyl);
        }
    }

    private static String word(SplittableRandom r, int minSyl, int maxSyl) {
        int n = minSyl + r.nextInt(maxSyl - minSyl + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
        }
        return sb.toString();
    }
}
