package io.isthmus.identity;

import java.util.ArrayList;
import java.util.List;

/**
 * E-mail local parts with the names both records share taken out, so an address does not count again the name
 * evidence the name fields have already counted.
 *
 * <p>People build addresses from their names ({@code isaac.jones}, {@code o.bird}, {@code islahall97}). Two
 * different Isaacs then have similar local parts only because their given names agree, which the given-name field
 * already weighed: comparing {@code isaac.jones} with {@code isaac.james} as e-mail strings counts the shared
 * {@code isaac} twice (a false merge). The same person's {@code oliver.b} and {@code o.b} look unlike as strings,
 * though the difference is only how the shared given name was written (a missed merge). Fellegi-Sunter assumes the
 * fields independent; comparing what is left of the local parts once the shared names are out makes that closer
 * to true.
 *
 * <p>A name token (two characters or more, from any of the name fields, so names typed in each other's box count)
 * is shared when both records have it. A shared token is taken out of the two local parts only where both show it:
 * written out in both, or written out in one and as its initial (a one-letter piece between {@code . _ - +}) in the
 * other, or as the initial in both. A name written out in one address and mistyped in the other stays in both, so
 * the typo is still compared. What remains of each local part is kept with one dot between its pieces.
 *
 * <p>When nothing remains of either local part, the local parts say nothing beyond the names; the domains may
 * still say something (two people of the same name rarely share a company's domain), unless one is a mailbox
 * provider's (gmail.com). {@link #reduce} then returns the two domains as {@code @domain} values, or null (no
 * evidence: the field counts as missing).
 */
final class SharedNames {

    private static final FreeMailDomains FREE_MAIL = FreeMailDomains.defaults();

    private SharedNames() {
    }

    /**
     * The two addresses with the shared names out of their local parts ({@code rest@domain}); the addresses as
     * given when the records share no name; null when the addresses say nothing beyond the shared names.
     *
     * @param nameFields the profile's name fields (indices) whose values are taken out
     */
    static String[] reduce(String emailA, String emailB, PreparedRecord a, PreparedRecord b, int[] nameFields) {
        List<String> shared = shared(a, b, nameFields);
        if (shared.isEmpty()) {
            return new String[] {emailA, emailB};
        }
        int atA = emailA.lastIndexOf('@');
        int atB = emailB.lastIndexOf('@');
        String localA = atA < 0 ? emailA : emailA.substring(0, atA);
        String localB = atB < 0 ? emailB : emailB.substring(0, atB);
        for (String t : shared) {
            String initial = t.substring(0, 1);
            boolean fullA = localA.contains(t);
            boolean fullB = localB.contains(t);
            boolean initialA = !fullA && hasPiece(localA, initial);
            boolean initialB = !fullB && hasPiece(localB, initial);
            if ((fullA || initialA) && (fullB || initialB)) {
                localA = fullA ? localA.replace(t, ".") : dropPiece(localA, initial);
                localB = fullB ? localB.replace(t, ".") : dropPiece(localB, initial);
            }
        }
        String restA = join(localA);
        String restB = join(localB);
        if (restA.isEmpty() && restB.isEmpty()) {
            String domainA = atA < 0 ? "" : emailA.substring(atA + 1);
            String domainB = atB < 0 ? "" : emailB.substring(atB + 1);
            if (domainA.isEmpty() || domainB.isEmpty() || FREE_MAIL.contains(domainA) || FREE_MAIL.contains(domainB)) {
                return null;
            }
            return new String[] {"@" + domainA, "@" + domainB};
        }
        if (restA.isEmpty() || restB.isEmpty()) {
            return null;
        }
        return new String[] {atA < 0 ? restA : restA + emailA.substring(atA), atB < 0 ? restB : restB + emailB.substring(atB)};
    }

    /** Name tokens both records have, longest first (so "anna" is taken out before "ann" is tried). */
    static List<String> shared(PreparedRecord a, PreparedRecord b, int[] nameFields) {
        List<String> ta = tokens(a, nameFields);
        if (ta.isEmpty()) {
            return List.of();
        }
        List<String> tb = tokens(b, nameFields);
        List<String> out = new ArrayList<>(2);
        for (String t : ta) {
            if (tb.contains(t) && !out.contains(t)) {
                out.add(t);
            }
        }
        out.sort((x, y) -> y.length() - x.length());
        return out;
    }

    private static List<String> tokens(PreparedRecord r, int[] nameFields) {
        List<String> out = new ArrayList<>(2);
        for (int f : nameFields) {
            String v = r.value(f);
            if (v == null) {
                continue;
            }
            for (String t : v.split(" ")) {
                if (t.length() >= 2) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[._+\\-]+");

    private static boolean hasPiece(String local, String piece) {
        for (String p : SEPARATORS.split(local)) {
            if (p.equals(piece)) {
                return true;
            }
        }
        return false;
    }

    /** The local part without its first piece equal to {@code piece}. */
    private static String dropPiece(String local, String piece) {
        StringBuilder out = new StringBuilder(local.length());
        boolean dropped = false;
        for (String p : SEPARATORS.split(local)) {
            if (!dropped && p.equals(piece)) {
                dropped = true;
                continue;
            }
            out.append(p).append('.');
        }
        return out.toString();
    }

    /** The pieces left, one dot between each ({@code .b.} → {@code b}). */
    private static String join(String local) {
        StringBuilder out = new StringBuilder(local.length());
        for (String p : SEPARATORS.split(local)) {
            if (!p.isEmpty()) {
                out.append(out.isEmpty() ? "" : ".").append(p);
            }
        }
        return out.toString();
    }
}
