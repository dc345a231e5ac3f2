package io.isthmus.buyer.normalize;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Trims, lower-cases and syntax-checks email addresses. The whole address is lower-cased: providers that treat
 * the local part case-sensitively are vanishingly rare and case differences between sources are common.
 */
public final class EmailNormalizer {

    // Pragmatic subset of RFC 5322: dot-atom local part and a host of at least two DNS labels with a letter TLD.
    private static final Pattern SYNTAX = Pattern.compile(
            "[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    public NormalizedEmail normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            return raw == null ? NormalizedEmail.NONE : new NormalizedEmail(raw, null, false, null);
        }
        String s = raw.strip();
        if (s.regionMatches(true, 0, "mailto:", 0, 7)) {
            s = s.substring(7);
        }
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        s = s.toLowerCase(Locale.ROOT);
        boolean valid = s.length() <= 254 && SYNTAX.matcher(s).matches() && s.indexOf('@') <= 64;
        String domain = valid ? s.substring(s.lastIndexOf('@') + 1) : null;
        return new NormalizedEmail(raw, s, valid, domain);
    }
}
