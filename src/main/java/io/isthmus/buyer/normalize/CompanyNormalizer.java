package io.isthmus.buyer.normalize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Company names for matching: folded tokens with legal-form designations (Inc, GmbH, S.A., Pty Ltd, ...) removed
 * from the end (and a few from the start), so "ACME, Inc." and "Acme GmbH" share the key {@code acme}.
 */
public final class CompanyNormalizer {

    private static final String RESOURCE = "/isthmus/legal-forms.txt";

    private final List<String[]> trailing;
    private final List<String[]> leading;

    public CompanyNormalizer() {
        this(readResource());
    }

    /** @param lines the legal-form list in the format of {@code isthmus/legal-forms.txt} */
    public CompanyNormalizer(List<String> lines) {
        List<String[]> t = new ArrayList<>();
        List<String[]> l = new ArrayList<>();
        for (String line : lines) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            if (s.startsWith("leading:")) {
                l.add(tokenize(s.substring(8)));
            } else {
                t.add(tokenize(s));
            }
        }
        // Longest first, so "gmbh and co kg" goes as one form rather than leaving "gmbh and co".
        Comparator<String[]> longestFirst = Comparator.comparingInt((String[] a) -> a.length).reversed();
        t.sort(longestFirst);
        l.sort(longestFirst);
        this.trailing = List.copyOf(t);
        this.leading = List.copyOf(l);
    }

    /** The tokens of a name with dots removed and '&' read as 'and'; the basis of every company key. */
    public static String[] tokenize(String name) {
        if (name == null) {
            return new String[0];
        }
        String t = Fold.tokens(name.replace(".", "").replace("&", " and "));
        return t.isEmpty() ? new String[0] : t.split(" ");
    }

    /** Match key without legal forms; null when the name is blank. Never strips the last remaining token. */
    public String matchKey(String name) {
        String[] tokens = tokenize(name);
        if (tokens.length == 0) {
            return null;
        }
        int from = 0;
        int to = tokens.length;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String[] form : trailing) {
                if (to - from > form.length && endsWith(tokens, from, to, form)) {
                    to -= form.length;
                    changed = true;
                    break;
                }
            }
        }
        for (String[] form : leading) {
            if (to - from > form.length && startsWith(tokens, from, to, form)) {
                from += form.length;
                break;
            }
        }
        return String.join(" ", Arrays.asList(tokens).subList(from, to));
    }

    private static boolean endsWith(String[] tokens, int from, int to, String[] form) {
        for (int i = 0; i < form.length; i++) {
            if (!tokens[to - form.length + i].equals(form[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(String[] tokens, int from, int to, String[] form) {
        for (int i = 0; i < form.length; i++) {
            if (!tokens[from + i].equals(form[i])) {
                return false;
            }
        }
        return true;
    }

    static List<String> readResource() {
        try (InputStream in = CompanyNormalizer.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
