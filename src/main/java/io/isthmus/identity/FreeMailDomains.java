package io.isthmus.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Mailbox-provider domains (gmail.com, web.de, ...) that must never link a buyer to an account. */
public final class FreeMailDomains {

    private static final String RESOURCE = "/isthmus/free-mail-domains.txt";

    private final Set<String> domains;

    public FreeMailDomains(List<String> lines) {
        this.domains = lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public static FreeMailDomains defaults() {
        try (InputStream in = FreeMailDomains.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new FreeMailDomains(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean contains(String domain) {
        return domain != null && domains.contains(domain.toLowerCase(Locale.ROOT));
    }

    public int size() {
        return domains.size();
    }
}
