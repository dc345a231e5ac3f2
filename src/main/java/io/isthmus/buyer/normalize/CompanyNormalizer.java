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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Company names for matching: folded tokens with legal-form designations (Inc, GmbH, S.A., Pty Ltd, ...) removed
 * from the end (and a few from the start), so "ACME, Inc." and "Acme GmbH" share the key {@code acme}.
 */
public final class CompanyNormalizer {

    private static final String RESOURCE = "/isthmus/legal-forms.txt";

    private static final String[][] NO_FORMS = new String[0][];

    // Forms by their last (trailing) or first (leading) token, longest first: a name is only tried against the few
    // forms that can match its end, instead of the whole list, and the first match is the same as over the list.
    private final Map<String, String[][]> trailing;
    private final Map<String, String[][]> leading;

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
        this.trailing = byToken(t, true);
        this.leading = byToken(l, false);
    }

    private static Map<String, String[][]> byToken(List<String[]> forms, boolean last) {
        Map<String, List<String[]>> m = new HashMap<>();
        for (String[] f : forms) {
            if (f.length > 0) {
                m.computeIfAbsent(last ? f[f.length - 1] : f[0], k -> new ArrayList<>()).add(f);
            }
        }
        Map<String, String[][]> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.toArray(NO_FORMS)));
        return out;
    }

    /** The tokens of a name with dots removed and '&' read as 'and'; the basis of every company key. */
    public static String[] tokenize(String name) {
        if (name == null) {
            return new String[0];
        }
        String[] ascii = tokenizeAscii(name);
        if (ascii != null) {
            return ascii;
        }
        String t = Fold.tokens(name.replace(".", "").replace("&", " and "));
        return t.isEmpty() ? new String[0] : t.split(" ");
    }

    // The same tokens in one pass for a name of plain ASCII, where folding is only lower-casing; null otherwise.
    private static String[] tokenizeAscii(String name) {
        int n = name.length();
        char[] buf = new char[n];
        List<String> out = new ArrayList<>(8);
        int len = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? name.charAt(i) : ' ';
            if (c >= 0x80) {
                return null;
            }
            if (c >= 'A' && c <= 'Z') {
                buf[len++] = (char) (c + ('a' - 'A'));
            } else if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                buf[len++] = c;
            } else if (c != '.') {
                if (len > 0) {
                    out.add(new String(buf, 0, len));
                    len = 0;
                }
                if (c == '&') {
                    out.add("and");
                }
            }
        }
        return out.toArray(new String[0]);
    }

    /** Match key without legal forms; null when the name is blank. Never strips the last remaining token. */
    public String matchKey(String name) {
        String[] key = matchKeyTokens(tokenize(name));
        return key.length == 0 ? null : String.join(" ", key);
    }

    /**
     * The tokens of the match key, given the {@link #tokenize tokens} of a name: those tokens without legal forms
     * (the array itself when nothing is stripped); empty when there are none.
     */
    public String[] matchKeyTokens(String[] tokens) {
        if (tokens.length == 0) {
            return tokens;
        }
        int from = 0;
        int to = tokens.length;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String[] form : trailing.getOrDefault(tokens[to - 1], NO_FORMS)) {
                if (to - from > form.length && endsWith(tokens, from, to, form)) {
                    to -= form.length;
                    changed = true;
                    break;
                }
            }
        }
        for (String[] form : leading.getOrDefault(tokens[from], NO_FORMS)) {
            if (to - from > form.length && startsWith(tokens, from, to, form)) {
                from += form.length;
                break;
            }
        }
        return from == 0 && to == tokens.length ? tokens : Arrays.copyOfRange(tokens, from, to);
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
