package io.isthmus.buyer.normalize;

import java.util.Locale;

/**
 * Person names: a display form (whitespace collapsed, capitalised when the source shouted or whispered) and a
 * match key (accents folded, lower case, punctuation dropped) used only for comparison and blocking.
 */
public final class NameNormalizer {

    /** Display form; mixed-case input is kept as typed ("McDonald", "van der Berg"). Null for blank. */
    public String display(String raw) {
        String s = Fold.clean(raw);
        if (s == null) {
            return null;
        }
        boolean allUpper = s.equals(s.toUpperCase(Locale.ROOT));
        boolean allLower = s.equals(s.toLowerCase(Locale.ROOT));
        if (!allUpper && !allLower) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(start ? Character.toTitleCase(c) : Character.toLowerCase(c));
            start = c == ' ' || c == '-' || c == '\'' || c == '’';
        }
        return sb.toString();
    }

    /** Match key: folded tokens separated by one space; null for blank. */
    public String matchKey(String raw) {
        String t = Fold.tokens(raw);
        return t == null || t.isEmpty() ? null : t;
    }
}
