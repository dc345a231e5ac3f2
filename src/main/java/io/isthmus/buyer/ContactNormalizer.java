package io.isthmus.buyer;

import io.isthmus.source.SourceContact;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import io.isthmus.buyer.normalize.PhoneNormalizer;

/**
 * Turns a raw source contact into a {@link NormalizedContact}: trimmed, whitespace folded, email lower-cased and
 * checked, phone reduced to digits with its leading plus. A contact that cannot be used is refused with the reason.
 */
public final class ContactNormalizer {

    /** A pragmatic address check: one @, a dotted domain, no spaces or control characters. */
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
    private static final int MAX_FIELD = 255;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern NON_DIGIT = Pattern.compile("[^0-9]");

    /** Why a contact was refused; it goes to dead letters with this reason. */
    public static final class RejectedContact extends Exception {
        public RejectedContact(String reason) {
            super(reason, null, false, false);
        }
    }

    private final PhoneNormalizer phones;

    /** @param defaultRegion ISO country whose numbering plan applies to phone numbers written without +country */
    public ContactNormalizer(String defaultRegion) {
        this.phones = new PhoneNormalizer(defaultRegion);
    }

    public NormalizedContact normalize(SourceContact c) throws RejectedContact {
        String email = email(c.email());
        String first = name(c.firstName());
        String last = name(c.lastName());
        if (email == null && first == null && last == null) {
            throw new RejectedContact("contact has neither an email nor a name");
        }
        return new NormalizedContact(c.system(), c.sourceId(), c.occurredAt(), email,
                email == null ? null : c.email().strip(), first, last, text(c.company()), phone(c.phone()),
                text(c.jobTitle()), text(c.country()), text(c.website()));
    }

    static String email(String raw) throws RejectedContact {
        String v = text(raw);
        if (v == null) {
            return null;
        }
        String lowered = v.toLowerCase(Locale.ROOT);
        if (lowered.length() > 254 || !EMAIL.matcher(lowered).matches() || lowered.contains("..")) {
            throw new RejectedContact("invalid email address '" + printable(v) + "'");
        }
        return lowered;
    }

    static String name(String raw) {
        String v = text(raw);
        if (v == null) {
            return null;
        }
        // Shouting or whispering names are recased; mixed case (McDonald, van der Berg) is kept as written.
        if (v.equals(v.toUpperCase(Locale.ROOT)) || v.equals(v.toLowerCase(Locale.ROOT))) {
            StringBuilder sb = new StringBuilder(v.length());
            boolean start = true;
            for (char ch : v.toLowerCase(Locale.ROOT).toCharArray()) {
                sb.append(start ? Character.toTitleCase(ch) : ch);
                start = ch == ' ' || ch == '-' || ch == '\'';
            }
            return sb.toString();
        }
        return v;
    }

    /** E.164 when libphonenumber accepts the number, else its digits (kept rather than lost). */
    String phone(String raw) {
        String v = text(raw);
        if (v == null) {
            return null;
        }
        String e164 = phones.normalize(v).e164();
        if (e164 != null) {
            return e164;
        }
        String digits = NON_DIGIT.matcher(v).replaceAll("");
        if (digits.length() < 5) {
            return null;
        }
        return (v.startsWith("+") ? "+" : "") + digits;
    }

    /** Trims, folds runs of whitespace, drops control characters, caps the length; blank becomes null. */
    static String text(String raw) {
        if (raw == null) {
            return null;
        }
        String v = plain(raw) ? raw : folded(raw);
        if (v.isEmpty()) {
            return null;
        }
        return v.length() > MAX_FIELD ? v.substring(0, MAX_FIELD) : v;
    }

    /** NFC, control characters as spaces, runs of whitespace as one space, stripped. */
    static String folded(String raw) {
        return SPACES.matcher(CONTROL.matcher(Normalizer.normalize(raw, Normalizer.Form.NFC)).replaceAll(" "))
                .replaceAll(" ").strip();
    }

    /**
     * True when {@link #folded} would return {@code raw} as it is: printable ASCII only (NFC leaves it alone,
     * nothing is a control character), not empty, no space at either end, no two spaces in a row.
     * Most source values are; they skip the normalization and the two regular expressions.
     */
    static boolean plain(String raw) {
        int n = raw.length();
        if (n == 0 || raw.charAt(0) == ' ' || raw.charAt(n - 1) == ' ') {
            return false;
        }
        char previous = 'x';
        for (int i = 0; i < n; i++) {
            char ch = raw.charAt(i);
            if (ch < 0x20 || ch > 0x7E || ch == ' ' && previous == ' ') {
                return false;
            }
            previous = ch;
        }
        return true;
    }

    private static String printable(String v) {
        String s = v.length() > 80 ? v.substring(0, 80) + "…" : v;
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
