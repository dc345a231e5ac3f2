package io.isthmus.identity;

import io.isthmus.buyer.normalize.CompanyNormalizer;
import io.isthmus.buyer.normalize.EmailNormalizer;
import io.isthmus.buyer.normalize.Fold;
import io.isthmus.buyer.normalize.NormalizedEmail;

/** Turns a field's value into its match form before comparison and blocking; blank becomes null (missing). */
public enum Cleaner {

    /** Trimmed, inner whitespace collapsed; otherwise as given (e.g. an E.164 phone or an id). */
    NONE,
    /** Folded tokens: lower case, accents removed, punctuation as single spaces. */
    TEXT,
    /** Like TEXT, for person names. */
    NAME,
    /** Company match key without legal forms. */
    COMPANY,
    /** Lower-cased valid address; an invalid one is kept lower-cased so typos still compare. */
    EMAIL,
    /** Digits only (ids, postcodes, phone numbers from sources that do not normalise them). */
    DIGITS,
    /** A date as yyyyMMdd from yyyyMMdd, yyyy-MM-dd or yyyy/MM/dd. */
    DATE;

    private static final CompanyNormalizer COMPANY_NORMALIZER = new CompanyNormalizer();
    private static final EmailNormalizer EMAIL_NORMALIZER = new EmailNormalizer();

    public String clean(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String out = switch (this) {
            case NONE -> Fold.clean(raw);
            case TEXT, NAME -> Fold.tokens(raw);
            case COMPANY -> COMPANY_NORMALIZER.matchKey(raw);
            case EMAIL -> {
                NormalizedEmail e = EMAIL_NORMALIZER.normalize(raw);
                yield e.normalized();
            }
            case DIGITS, DATE -> digits(raw);
        };
        return out == null || out.isEmpty() ? null : out;
    }

    private static String digits(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
