package io.isthmus.identity;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.codec.language.DoubleMetaphone;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * How two cleaned values of one field are compared: each returns a similarity from 0 (nothing alike) to 1 (same).
 * Binary comparators return only 0 or 1. Callers never pass null (a missing value is handled before).
 */
public enum FieldComparator {

    EXACT {
        @Override
        public double similarity(String a, String b) {
            return a.equals(b) ? 1 : 0;
        }
    },
    JARO_WINKLER {
        @Override
        public double similarity(String a, String b) {
            return JaroWinkler.similarity(a, b);
        }
    },
    /** 1 - edits / length of the longer value. */
    LEVENSHTEIN {
        @Override
        public double similarity(String a, String b) {
            if (a.equals(b)) {
                return 1;
            }
            int max = Math.max(a.length(), b.length());
            return 1.0 - (double) LEV.apply(a, b) / max;
        }
    },
    /** Same Double Metaphone code (primary or alternate): sounds alike. */
    PHONETIC {
        @Override
        public double similarity(String a, String b) {
            if (a.equals(b)) {
                return 1;
            }
            String pa = METAPHONE.doubleMetaphone(a);
            String pb = METAPHONE.doubleMetaphone(b);
            if (pa == null || pb == null || pa.isEmpty()) {
                return 0;
            }
            return pa.equals(pb) || pa.equals(METAPHONE.doubleMetaphone(b, true))
                    || METAPHONE.doubleMetaphone(a, true).equals(pb) ? 1 : 0;
        }
    },
    /** Same given name or known nicknames of each other (Robert / Bob). */
    NICKNAME {
        @Override
        public double similarity(String a, String b) {
            return Nicknames.defaults().same(a, b) ? 1 : 0;
        }
    },
    /**
     * Dates as {@code yyyyMMdd}: 1 when equal; 0.9 for day and month swapped or two adjacent digits transposed
     * (the usual keying errors); 0.8 for one digit wrong; 0.6 for two digits wrong; else 0.
     */
    DATE {
        @Override
        public double similarity(String a, String b) {
            if (a.equals(b)) {
                return 1;
            }
            if (a.length() != 8 || b.length() != 8) {
                return 0;
            }
            if (a.regionMatches(0, b, 0, 4) && a.regionMatches(4, b, 6, 2) && a.regionMatches(6, b, 4, 2)) {
                return 0.9;
            }
            int diff = 0;
            int first = -1;
            for (int i = 0; i < 8; i++) {
                if (a.charAt(i) != b.charAt(i)) {
                    if (first < 0) {
                        first = i;
                    }
                    diff++;
                }
            }
            if (diff == 2 && first < 7 && a.charAt(first) == b.charAt(first + 1)
                    && a.charAt(first + 1) == b.charAt(first)) {
                return 0.9;
            }
            return diff == 1 ? 0.8 : diff == 2 ? 0.6 : 0;
        }
    },
    /**
     * Dates as {@code yyyyMMdd} by how far apart they are: 1 - days / 365, 0 beyond a year or when either is not a
     * valid date. Catches a birth date mistyped by a few days or weeks in several digits at once
     * (1977-09-13 / 1977-10-17), which {@link #DATE}'s digit rules do not.
     */
    DATE_NEAR {
        @Override
        public double similarity(String a, String b) {
            if (a.equals(b)) {
                return 1;
            }
            long da = epochDay(a);
            long db = epochDay(b);
            if (da == Long.MIN_VALUE || db == Long.MIN_VALUE) {
                return 0;
            }
            return Math.max(0, 1 - Math.abs(da - db) / 365.0);
        }
    },
    /**
     * Dates as {@code yyyyMMdd} by how near their days of the year are, the years ignored when at most 10 apart:
     * 1 - days between the two month-days (across the new year too) / 183; 0 when the years are further apart or
     * either is not a valid date. The day and month of a birth date are remembered and typed more reliably than
     * the year, which is misremembered by one or mistyped in one digit (1983 / 1973); such a date also lands a
     * few days off often enough (1983-03-07 / 1973-03-09) that {@link #DATE}'s digit rules miss it.
     */
    DAY_OF_YEAR {
        @Override
        public double similarity(String a, String b) {
            if (a.equals(b)) {
                return 1;
            }
            if (epochDay(a) == Long.MIN_VALUE || epochDay(b) == Long.MIN_VALUE) {
                return 0;
            }
            int ya = Integer.parseInt(a, 0, 4, 10);
            int yb = Integer.parseInt(b, 0, 4, 10);
            if (Math.abs(ya - yb) > 10) {
                return 0;
            }
            int d = Math.abs(dayOfLeapYear(a) - dayOfLeapYear(b));
            d = Math.min(d, 366 - d);
            return Math.max(0, 1 - d / 183.0);
        }
    },
    /** Jaccard overlap of the space-separated tokens, for addresses and multi-word names in any order. */
    TOKEN_SET {
        @Override
        public double similarity(String a, String b) {
            if (a.equals(b)) {
                return 1;
            }
            Set<String> ta = new HashSet<>(java.util.Arrays.asList(a.split(" ")));
            Set<String> tb = new HashSet<>(java.util.Arrays.asList(b.split(" ")));
            int union = ta.size();
            int common = 0;
            for (String t : tb) {
                if (ta.contains(t)) {
                    common++;
                } else {
                    union++;
                }
            }
            return union == 0 ? 0 : (double) common / union;
        }
    },
    /**
     * Jaro-Winkler of the local parts of two email addresses (john.smith@ vs jon.smith@ at another domain); 0 when
     * either has no local part (nothing to compare).
     */
    EMAIL_LOCAL {
        @Override
        public double similarity(String a, String b) {
            int ia = a.lastIndexOf('@');
            int ib = b.lastIndexOf('@');
            String la = ia < 0 ? a : a.substring(0, ia);
            String lb = ib < 0 ? b : b.substring(0, ib);
            return la.isEmpty() || lb.isEmpty() ? 0 : JaroWinkler.similarity(la, lb);
        }
    };

    private static final LevenshteinDistance LEV = LevenshteinDistance.getDefaultInstance();
    private static final DoubleMetaphone METAPHONE = new DoubleMetaphone();

    public abstract double similarity(String a, String b);

    /** Whether the comparator only ever returns 0 or 1 (then a level needs no minimum). */
    public boolean binary() {
        return this == EXACT || this == PHONETIC || this == NICKNAME;
    }

    /** The name used in YAML, e.g. {@code jaro-winkler}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Days before each month in a leap year. */
    private static final int[] DAYS_BEFORE_MONTH = {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335};

    /**
     * Day of the year (1-366) of a valid {@code yyyyMMdd} value's month and day placed in a leap year, so 29 February
     * has a place and the distance between two month-days does not depend on their years.
     */
    static int dayOfLeapYear(String s) {
        return DAYS_BEFORE_MONTH[(s.charAt(4) - '0') * 10 + s.charAt(5) - '0' - 1] + (s.charAt(6) - '0') * 10
                + s.charAt(7) - '0';
    }

    /** Days since 1970 of a {@code yyyyMMdd} value, or Long.MIN_VALUE when it is no valid date (no exceptions). */
    static long epochDay(String s) {
        if (s.length() != 8) {
            return Long.MIN_VALUE;
        }
        int v = 0;
        for (int i = 0; i < 8; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            v = v * 10 + (c - '0');
        }
        int y = v / 10000;
        int m = v / 100 % 100;
        int d = v % 100;
        if (m < 1 || m > 12 || d < 1 || d > java.time.YearMonth.of(y, m).lengthOfMonth()) {
            return Long.MIN_VALUE;
        }
        return java.time.LocalDate.of(y, m, d).toEpochDay();
    }

    static String metaphone(String s) {
        return s == null ? null : METAPHONE.doubleMetaphone(s);
    }

    /** Primary and alternate Double Metaphone codes. */
    static String[] codes(String s) {
        return new String[] {METAPHONE.doubleMetaphone(s), METAPHONE.doubleMetaphone(s, true)};
    }

    /** The PHONETIC verdict from precomputed {@link #codes}: any shared non-empty code. */
    static boolean soundAlike(String[] a, String[] b) {
        if (a[0] == null || b[0] == null || a[0].isEmpty() || b[0].isEmpty()) {
            return false;
        }
        return a[0].equals(b[0]) || a[0].equals(b[1]) || a[1].equals(b[0]);
    }
}
