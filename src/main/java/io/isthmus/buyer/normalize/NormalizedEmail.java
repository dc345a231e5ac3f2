package io.isthmus.buyer.normalize;

/**
 * An email address as received and as used for matching.
 *
 * @param original   the value as the source sent it; null when the source had none
 * @param normalized trimmed and lower-cased; null when the original was null or blank
 * @param valid      whether {@code normalized} passes the syntax check
 * @param domain     the part after '@' of {@code normalized}, or null when invalid
 */
public record NormalizedEmail(String original, String normalized, boolean valid, String domain) {

    public static final NormalizedEmail NONE = new NormalizedEmail(null, null, false, null);

    /** The local part (before '@'), or null when invalid. */
    public String localPart() {
        return valid ? normalized.substring(0, normalized.lastIndexOf('@')) : null;
    }
}
