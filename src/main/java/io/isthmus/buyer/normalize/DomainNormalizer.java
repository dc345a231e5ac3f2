package io.isthmus.buyer.normalize;

import com.google.common.net.InternetDomainName;
import java.net.IDN;
import java.util.Locale;

/**
 * Websites and email hosts to the registrable domain ({@code https://www.shop.acme.co.uk/about} →
 * {@code acme.co.uk}) using the public suffix list shipped with Guava.
 */
public final class DomainNormalizer {

    /** The registrable domain, or null when the input holds no usable host name. */
    public String normalize(String website) {
        if (website == null || website.isBlank()) {
            return null;
        }
        String s = website.strip().toLowerCase(Locale.ROOT);
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        } else if (s.startsWith("//")) {
            s = s.substring(2);
        }
        int end = firstOf(s, "/?#");
        if (end >= 0) {
            s = s.substring(0, end);
        }
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            s = s.substring(at + 1);
        }
        int colon = s.indexOf(':');
        if (colon >= 0) {
            s = s.substring(0, colon);
        }
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.startsWith("www.")) {
            s = s.substring(4);
        }
        if (s.isEmpty() || s.indexOf('.') < 0) {
            return null;
        }
        try {
            String ascii = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED);
            InternetDomainName name = InternetDomainName.from(ascii);
            if (name.isUnderPublicSuffix()) {
                return name.topPrivateDomain().toString();
            }
            // A host that is itself a public suffix ("co.uk") or has an unknown suffix ("intranet.local") stays as is.
            return name.isPublicSuffix() ? null : name.toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
