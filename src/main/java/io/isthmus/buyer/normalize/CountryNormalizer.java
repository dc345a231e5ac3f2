package io.isthmus.buyer.normalize;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;

/**
 * Country names, alpha-2 and alpha-3 codes to ISO 3166 alpha-2, from the JDK's locale data (names in English,
 * German, French, Spanish, Italian, Dutch and Portuguese) plus the common informal names the JDK lacks.
 */
public final class CountryNormalizer {

    private static final Locale[] NAME_LANGUAGES = {Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH,
        Locale.ITALIAN, new Locale("es"), new Locale("nl"), new Locale("pt")};

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("uk", "GB"), Map.entry("great britain", "GB"), Map.entry("england", "GB"),
            Map.entry("scotland", "GB"), Map.entry("wales", "GB"), Map.entry("northern ireland", "GB"),
            Map.entry("usa", "US"), Map.entry("u s a", "US"), Map.entry("u s", "US"), Map.entry("america", "US"),
            Map.entry("united states of america", "US"), Map.entry("holland", "NL"),
            Map.entry("the netherlands", "NL"), Map.entry("czech republic", "CZ"), Map.entry("russia", "RU"),
            Map.entry("south korea", "KR"), Map.entry("korea", "KR"), Map.entry("vietnam", "VN"),
            Map.entry("uae", "AE"), Map.entry("ivory coast", "CI"), Map.entry("turkey", "TR"));

    private final Map<String, String> byKey = new HashMap<>();

    public CountryNormalizer() {
        for (String a2 : Locale.getISOCountries()) {
            Locale country = new Locale("", a2);
            byKey.put(a2.toLowerCase(Locale.ROOT), a2);
            try {
                byKey.put(country.getISO3Country().toLowerCase(Locale.ROOT), a2);
            } catch (MissingResourceException e) {
                // a few reserved codes have no alpha-3; the alpha-2 and names still map
            }
            for (Locale lang : NAME_LANGUAGES) {
                byKey.putIfAbsent(Fold.tokens(country.getDisplayCountry(lang)), a2);
            }
        }
        ALIASES.forEach(byKey::put);
    }

    /** ISO alpha-2 upper case, or null when the value is blank or not recognised. */
    public String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return byKey.get(Fold.tokens(raw));
    }
}
