package io.isthmus.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Groups of interchangeable given names (Robert, Bob, Rob, ...), read from {@code isthmus/nicknames.txt}. */
public final class Nicknames {

    private static final String RESOURCE = "/isthmus/nicknames.txt";
    private static final Nicknames DEFAULT = new Nicknames(read());

    private final Map<String, Set<Integer>> groupsByName = new HashMap<>();

    /** @param groups lines of space-separated, lower-case names; '#' starts a comment line */
    public Nicknames(List<String> groups) {
        int g = 0;
        for (String line : groups) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            for (String name : s.split("\\s+")) {
                groupsByName.computeIfAbsent(name, k -> new HashSet<>()).add(g);
            }
            g++;
        }
    }

    public static Nicknames defaults() {
        return DEFAULT;
    }

    /** True when both folded names are equal or share a group. */
    public boolean same(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.equals(b)) {
            return true;
        }
        Set<Integer> ga = groupsByName.get(a);
        Set<Integer> gb = groupsByName.get(b);
        if (ga == null || gb == null) {
            return false;
        }
        for (Integer i : ga) {
            if (gb.contains(i)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> read() {
        try (InputStream in = Nicknames.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
