package io.isthmus.buyer.normalize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** State and province names or codes to ISO 3166-2 subdivision codes ({@code California} → {@code CA}) per country. */
public final class RegionNormalizer {

    private static final String RESOURCE = "/isthmus/regions.txt";

    private final Map<String, String> byCountryAndKey = new HashMap<>();

    public RegionNormalizer() {
        try (InputStream in = RegionNormalizer.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .forEach(l -> {
                        String[] p = l.split(",", 3);
                        byCountryAndKey.put(p[0] + "|" + p[1].toLowerCase(Locale.ROOT), p[1]);
                        byCountryAndKey.put(p[0] + "|" + Fold.tokens(p[2]), p[1]);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param country ISO alpha-2 country (as {@link CountryNormalizer} returns it)
     * @return the subdivision code, or null when blank or unknown for that country
     */
    public String normalize(String country, String raw) {
        if (country == null || raw == null || raw.isBlank()) {
            return null;
        }
        return byCountryAndKey.get(country.toUpperCase(Locale.ROOT) + "|" + Fold.tokens(raw));
    }
}
