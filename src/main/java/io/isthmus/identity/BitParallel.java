package io.isthmus.identity;

/**
 * String similarities computed with one machine word per string: for strings of up to 64 ASCII characters, the
 * positions of each character are kept as a bit mask, so Jaro-Winkler finds a character's first unused match in its
 * window with one AND, and the edit distance updates a whole column of its table per character. Results are those of
 * {@link JaroWinkler#similarity} and of the textbook Levenshtein distance to the last bit; longer or non-ASCII
 * strings take the plain loops.
 *
 * <p>The caller passes the mask table ({@link #masks()}), all zero before and after each call, so a loop over many
 * pairs allocates nothing. Not thread-safe: one table per thread.
 */
final class BitParallel {

    /** Characters with a position mask of their own; a string with any other falls back to the plain loops. */
    private static final int ASCII = 128;

    private BitParallel() {
    }

    /** A mask table for the methods of this class: one word per ASCII character, all zero. */
    static long[] masks() {
        return new long[ASCII];
    }

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
}
