package io.isthmus.identity;

/**
 * Jaro-Winkler similarity for plain strings, with commons-text's conventions: the shorter string is matched into the
 * longer, prefix boost (scale 0.1, up to 4 characters) only above a Jaro score of 0.7. Written here
 * because the generic commons-text version (boxed characters) dominated match time in profiles; a test holds it
 * to commons-text's results.
 */
final class JaroWinkler {

    private JaroWinkler() {
    }

    static double similarity(String first, String second) {
        if (first.equals(second)) {
            return 1;
        }
        // Characters of the shorter string are matched into the longer one: the result then does not depend on
        // argument order (and agrees with commons-text).
        String a = first.length() > second.length() ? second : first;
        String b = a == first ? second : first;
        int la = a.length();
        int lb = b.length();
        if (la == 0 || lb == 0) {
            return 0;
        }
        if (la > 64 || lb > 64) {
            return longStrings(a, b);
        }
        int range = Math.max(0, Math.max(la, lb) / 2 - 1);
        long usedA = 0;
        long usedB = 0;
        int matches = 0;
        for (int i = 0; i < la; i++) {
            char c = a.charAt(i);
            int hi = Math.min(lb - 1, i + range);
            for (int j = Math.max(0, i - range); j <= hi; j++) {
                if ((usedB & (1L << j)) == 0 && b.charAt(j) == c) {
                    usedA |= 1L << i;
                    usedB |= 1L << j;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) {
            return 0;
        }
        int mismatched = 0;
        int k = 0;
        for (int i = 0; i < la; i++) {
            if ((usedA & (1L << i)) != 0) {
                while ((usedB & (1L << k)) == 0) {
                    k++;
                }
                if (a.charAt(i) != b.charAt(k)) {
                    mismatched++;
                }
                k++;
            }
        }
        return boost(a, b, jaro(matches, mismatched, la, lb));
    }

    private static double longStrings(String a, String b) {
        int la = a.length();
        int lb = b.length();
        int range = Math.max(0, Math.max(la, lb) / 2 - 1);
        boolean[] usedA = new boolean[la];
        boolean[] usedB = new boolean[lb];
        int matches = 0;
        for (int i = 0; i < la; i++) {
            int hi = Math.min(lb - 1, i + range);
            for (int j = Math.max(0, i - range); j <= hi; j++) {
                if (!usedB[j] && b.charAt(j) == a.charAt(i)) {
                    usedA[i] = true;
                    usedB[j] = true;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) {
            return 0;
        }
        int half = 0;
        int k = 0;
        for (int i = 0; i < la; i++) {
            if (usedA[i]) {
                while (!usedB[k]) {
                    k++;
                }
                if (a.charAt(i) != b.charAt(k)) {
                    half++;
                }
                k++;
            }
        }
        return boost(a, b, jaro(matches, half, la, lb));
    }

    private static double jaro(int m, int mismatched, int la, int lb) {
        double t = mismatched / 2.0;
        return ((double) m / la + (double) m / lb + (m - t) / m) / 3.0;
    }

    private static double boost(String a, String b, double jaro) {
        if (jaro < 0.7) {
            return jaro;
        }
        int max = Math.min(4, Math.min(a.length(), b.length()));
        int prefix = 0;
        while (prefix < max && a.charAt(prefix) == b.charAt(prefix)) {
            prefix++;
        }
        return jaro + 0.1 * prefix * (1 - jaro);
    }
}
