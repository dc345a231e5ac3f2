package io.isthmus.buyer.normalize;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;

/** Parses phone numbers to E.164 with libphonenumber; numbers without a country code take the default region. */
public final class PhoneNormalizer {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    /** Distinct raw numbers kept parsed: a re-read contact or a duplicate a few records later is not parsed again. */
    static final int CACHED_NUMBERS = 4096;

    private final String defaultRegion;
    private final BoundedCache<String, NormalizedPhone> parsed = new BoundedCache<>(CACHED_NUMBERS);

    /** @param defaultRegion ISO 3166 alpha-2 region for national numbers, e.g. {@code US} or {@code DE} */
    public PhoneNormalizer(String defaultRegion) {
        String r = defaultRegion == null ? "" : defaultRegion.strip().toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(r)) {
            throw new IllegalArgumentException("unknown phone region '" + defaultRegion + "', expected e.g. US or DE");
        }
        this.defaultRegion = r;
    }

    public NormalizedPhone normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            return new NormalizedPhone(raw, null);
        }
        // libphonenumber is the dear part of normalizing a contact; the region is this normalizer's own.
        return parsed.get(raw, this::parse);
    }

    /** How many distinct raw numbers are kept parsed now (never more than {@link #CACHED_NUMBERS}). */
    int cachedNumbers() {
        return parsed.size();
    }

    private NormalizedPhone parse(String raw) {
        String s = raw.strip();
        // "00" is the international prefix in most of the world; libphonenumber only knows it per region.
        if (s.startsWith("00")) {
            s = "+" + s.substring(2);
        }
        try {
            PhoneNumber n = UTIL.parse(s, defaultRegion);
            if (!UTIL.isValidNumber(n)) {
                return new NormalizedPhone(raw, null);
            }
            return new NormalizedPhone(raw, UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return new NormalizedPhone(raw, null);
        }
    }
}
