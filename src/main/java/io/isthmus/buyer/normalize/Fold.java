package io.isthmus.buyer.normalize;

import java.text.Normalizer;
import java.util.Locale;

/** Accent and case folding for match keys only; display values keep their accents. */
public final class Fold {

    private Fold() {
    }

    /**
     * Lower-cases, removes diacritics and maps letters that Unicode does not decompose (ß, ø, æ, ł, ...) so
     * "Müller", "MULLER" and "Muller" give the same key. Null stays null.
     */
    public static String fold(String s) {
        if (s == null) {
            return null;
        }
        String d = Normalizer.normalize(s, Normalizer.Form.NFKD);
        StringBuilder sb = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            switch (c) {
                case 'ß', 'ẞ' -> sb.append("ss");
                case 'ø', 'Ø' -> sb.append('o');
                case 'æ', 'Æ' -> sb.append("ae");
                case 'œ', 'Œ' -> sb.append("oe");
                case 'ł', 'Ł' -> sb.append('l');
                case 'đ', 'Đ' -> sb.append('d');
                case 'þ', 'Þ' -> sb.append("th");
                case 'ı' -> sb.append('i');
                default -> sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** Folds, turns every run of non letters/digits into one space and trims: the token form of a key. */
    public static String tokens(String s) {
        if (s == null) {
            return null;
        }
        String f = fold(s);
        StringBuilder sb = new StringBuilder(f.length());
        boolean space = true;
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(c);
                space = false;
            } else if (!space) {
                sb.append(' ');
                space = true;
            }
        }
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == ' ') {
            sb.setLength(n - 1);
        }
        return sb.toString();
    }

    /** Null for null or blank, else the trimmed text with inner whitespace runs collapsed to one space. */
    public static String clean(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip().replaceAll("\\s+", " ");
        return t.isEmpty() ? null : t;
    }
}
