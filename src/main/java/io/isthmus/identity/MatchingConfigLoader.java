package io.isthmus.identity;

import io.isthmus.app.config.Problems;
import io.isthmus.app.config.YamlFile;
import io.isthmus.app.config.YamlNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the matching model from YAML, collecting every problem with its file:line:column before refusing. */
public final class MatchingConfigLoader {

    static final String DEFAULT_RESOURCE = "/isthmus/matching-default.yaml";
    private static final Pattern WHEN = Pattern.compile("\\s*([a-z-]+)\\s*(?:>=\\s*([0-9]*\\.?[0-9]+))?\\s*");

    /** Every key the file may hold, by section ({@code <name>}: any profile or field name); the schema is checked against it. */
    static final Map<String, List<String>> KEYS = Map.ofEntries(
            Map.entry("", List.of("thresholds", "blocking", "profiles", "survivorship", "accounts", "estimation")),
            Map.entry("estimation", List.of("enabled", "min-records", "sample-records", "sampled-pairs", "prior-strength",
                    "term-frequency-min-values", "term-frequency-max-bits")),
            Map.entry("thresholds", List.of("merge", "possible")),
            Map.entry("blocking", List.of("max-per-key", "max-candidates")),
            Map.entry("profiles.<name>", List.of("fields", "blocking", "swap")),
            Map.entry("profiles.<name>.fields.<name>", List.of("cleaner", "levels", "term-frequency",
                    "without-shared-names")),
            Map.entry("profiles.<name>.fields.<name>.levels[]", List.of("when", "m", "u")),
            Map.entry("profiles.<name>.blocking[]", List.of("parts", "unordered", "max")),
            Map.entry("profiles.<name>.swap", List.of("fields", "penalty")),
            Map.entry("survivorship", List.of("default", "source-priority", "fields")),
            Map.entry("accounts", List.of("company-name-min-similarity")));

    private MatchingConfigLoader() {
    }

    /** The model in {@code file} when it exists, else the shipped default. */
    public static MatchingConfig load(Path file) {
        Problems problems = new Problems();
        YamlNode root = file != null && Files.exists(file)
                ? YamlFile.load(file, problems)
                : YamlFile.parse("classpath:" + DEFAULT_RESOURCE, readDefault(), problems);
        MatchingConfig c = read(root);
        problems.throwIfAny();
        return c;
    }

    public static MatchingConfig defaults() {
        return load(null);
    }

    /** Reads a parsed tree; problems go to the tree's {@link Problems}, the caller refuses when there are any. */
    public static MatchingConfig read(YamlNode root) {
        root.allowOnly(keys(""));
        YamlNode t = root.get("thresholds");
        t.allowOnly(keys("thresholds"));
        double merge = t.decimal("merge", 12, -1000, 1000);
        double possible = t.decimal("possible", 6, -1000, 1000);
        if (possible > merge) {
            t.get("possible").problem("is above thresholds.merge (" + merge + "), expected at most that");
            possible = merge;
        }
        YamlNode b = root.get("blocking");
        b.allowOnly(keys("blocking"));
        int maxPerKey = b.integer("max-per-key", 50, 1, 100_000);
        int maxCandidates = b.integer("max-candidates", BlockingIndex.DEFAULT_MAX_CANDIDATES, 1, 1_000_000);
        Map<String, MatchProfile> profiles = new LinkedHashMap<>();
        root.get("profiles").entries().forEach((name, node) -> profiles.put(name, profile(name, node)));
        if (profiles.isEmpty()) {
            root.get("profiles").problem("no profiles, expected at least one under 'profiles'");
        }
        YamlNode a = root.get("accounts");
        a.allowOnly(keys("accounts"));
        double companyMin = a.decimal("company-name-min-similarity", 0.9, 0, 1);
        return new MatchingConfig(new Thresholds(merge, possible), maxPerKey, maxCandidates, profiles,
                survivorship(root.get("survivorship")), companyMin, estimation(root.get("estimation")));
    }

    private static Estimation estimation(YamlNode e) {
        if (e.isMissing()) {
            return Estimation.off();
        }
        e.allowOnly(keys("estimation"));
        return new Estimation(e.bool("enabled", false), e.integer("min-records", 1000, 2, Integer.MAX_VALUE),
                e.integer("sample-records", 5000, 2, 10_000_000), e.integer("sampled-pairs", 200_000, 0, 100_000_000),
                e.decimal("prior-strength", 10, 0, 1e9), e.integer("term-frequency-min-values", 100, 1, Integer.MAX_VALUE),
                e.decimal("term-frequency-max-bits", 6, 0, 64));
    }

    private static MatchProfile profile(String name, YamlNode node) {
        node.allowOnly(keys("profiles.<name>"));
        List<FieldSpec> fields = new ArrayList<>();
        node.get("fields").entries().forEach((fieldName, f) -> fields.add(field(fieldName, f)));
        if (fields.isEmpty()) {
            node.problem("profile has no fields, expected a map under 'fields'");
        }
        MatchProfile shape = new MatchProfile(name, fields, List.of());
        node.get("fields").entries().forEach((fieldName, f) -> checkSharedNames(fieldName, f, shape));
        List<BlockingKey> keys = new ArrayList<>();
        for (YamlNode entry : node.get("blocking").list()) {
            // A key is a list of parts, or {parts: [...], unordered: true} for parts that sources exchange.
            boolean unordered = entry.isMap() && entry.bool("unordered", false);
            int max = entry.isMap() ? entry.integer("max", Integer.MAX_VALUE, 1, 100_000) : Integer.MAX_VALUE;
            if (entry.isMap()) {
                entry.allowOnly(keys("profiles.<name>.blocking[]"));
            }
            YamlNode key = entry.isMap() ? entry.get("parts") : entry;
            List<BlockingKey.Part> parts = new ArrayList<>();
            for (YamlNode partNode : key.list()) {
                BlockingKey.Part part = part(partNode, shape);
                if (part != null) {
                    parts.add(part);
                }
            }
            if (parts.isEmpty()) {
                key.problem("empty blocking key, expected a list like [last_name:metaphone, first_name:initial]");
            } else {
                keys.add(new BlockingKey(entry.path(), parts, unordered, max));
            }
        }
        if (keys.isEmpty()) {
            node.problem("profile has no blocking keys, expected a list under 'blocking'");
        }
        return new MatchProfile(name, fields, keys, swap(node.get("swap"), shape));
    }

    /** {@code without-shared-names} must list other fields of the profile. */
    private static void checkSharedNames(String fieldName, YamlNode f, MatchProfile shape) {
        if (!f.isMap() || f.get("without-shared-names").isMissing()) {
            return;
        }
        for (String n : f.strings("without-shared-names")) {
            if (n.equals(fieldName) || shape.fieldIndex(n) < 0) {
                f.get("without-shared-names").problem("'" + n + "' is not another field of the profile, expected name "
                        + "fields such as [first_name, last_name]");
            }
        }
    }

    private static MatchProfile.Swap swap(YamlNode node, MatchProfile shape) {
        if (node.isMissing()) {
            return null;
        }
        node.allowOnly(keys("profiles.<name>.swap"));
        List<String> names = node.strings("fields");
        double penalty = node.decimal("penalty", 1, 0, 100);
        if (names.size() != 2) {
            node.problem("swap needs exactly two fields, e.g. fields: [first_name, last_name]");
            return null;
        }
        int a = shape.fieldIndex(names.get(0));
        int b = shape.fieldIndex(names.get(1));
        if (a < 0 || b < 0 || a == b) {
            node.get("fields").problem("expected two different fields of the profile, got " + names);
            return null;
        }
        return new MatchProfile.Swap(a, b, penalty);
    }

    private static BlockingKey.Part part(YamlNode node, MatchProfile shape) {
        String text = node.text();
        if (text == null) {
            return null;
        }
        String[] p = text.split(":", 2);
        int field = shape.fieldIndex(p[0].strip());
        if (field < 0) {
            node.problem("unknown field '" + p[0] + "', expected one of the profile's fields");
            return null;
        }
        BlockingKey.Transform transform = BlockingKey.Transform.VALUE;
        if (p.length == 2) {
            transform = null;
            for (BlockingKey.Transform t : BlockingKey.Transform.values()) {
                if (t.yamlName().equals(p[1].strip())) {
                    transform = t;
                }
            }
            if (transform == null) {
                node.problem("unknown transform '" + p[1] + "', expected value, metaphone, initial, prefix3, year, "
                        + "local or tokens");
                return null;
            }
        }
        return new BlockingKey.Part(field, transform);
    }

    private static FieldSpec field(String name, YamlNode node) {
        node.allowOnly(keys("profiles.<name>.fields.<name>"));
        Cleaner cleaner = node.enumValue("cleaner", Cleaner.class, Cleaner.TEXT);
        List<Level> levels = new ArrayList<>();
        List<YamlNode> items = node.get("levels").list();
        double sumM = 0;
        double sumU = 0;
        for (int i = 0; i < items.size(); i++) {
            YamlNode l = items.get(i);
            l.allowOnly(keys("profiles.<name>.fields.<name>.levels[]"));
            String when = l.requiredString("when");
            double m = l.decimal("m", 0.5, 1e-9, 1);
            double u = l.decimal("u", 0.5, 1e-9, 1);
            sumM += m;
            sumU += u;
            boolean last = i == items.size() - 1;
            if (when == null) {
                continue;
            }
            if (when.strip().equals("else")) {
                if (!last) {
                    l.get("when").problem("'else' must be the last level");
                }
                levels.add(new Level("else", null, 0, m, u));
                continue;
            }
            Matcher w = WHEN.matcher(when);
            FieldComparator comparator = w.matches() ? comparator(w.group(1)) : null;
            if (comparator == null) {
                l.get("when").problem("'" + when + "' is not a level, expected e.g. exact, nickname, phonetic, "
                        + "jaro-winkler >= 0.92, levenshtein >= 0.8, date >= 0.8, date-near >= 0.9, day-of-year >= 0.8, "
                        + "token-set >= 0.5, email-local >= 0.9 or else");
                continue;
            }
            if (w.group(2) == null && !comparator.binary()) {
                l.get("when").problem("'" + when + "' needs a minimum, expected e.g. " + comparator.yamlName() + " >= 0.9");
                continue;
            }
            double min = w.group(2) == null ? 1 : Double.parseDouble(w.group(2));
            levels.add(new Level(when.strip(), comparator, min, m, u));
            if (last) {
                l.get("when").problem("the last level must be 'else' so every pair gets a level");
            }
        }
        if (items.isEmpty()) {
            node.problem("field has no levels, expected a list under 'levels' ending with 'else'");
        } else if (Math.abs(sumM - 1) > 0.011 || Math.abs(sumU - 1) > 0.011) {
            node.get("levels").problem(String.format(java.util.Locale.ROOT,
                    "m sums to %.4f and u to %.4f, expected both to sum to 1 (levels are exclusive)", sumM, sumU));
        }
        return new FieldSpec(name, cleaner, levels, node.bool("term-frequency", false),
                node.strings("without-shared-names"));
    }

    private static FieldComparator comparator(String yamlName) {
        for (FieldComparator c : FieldComparator.values()) {
            if (c.yamlName().equals(yamlName)) {
                return c;
            }
        }
        return null;
    }

    private static SurvivorshipRules survivorship(YamlNode node) {
        node.allowOnly(keys("survivorship"));
        SurvivorshipRule def = node.enumValue("default", SurvivorshipRule.class, SurvivorshipRule.MOST_RECENT);
        List<String> priority = node.strings("source-priority");
        Map<String, SurvivorshipRule> perField = new LinkedHashMap<>();
        YamlNode fields = node.get("fields");
        fields.entries().keySet().forEach(f -> perField.put(f,
                fields.enumValue(f, SurvivorshipRule.class, def)));
        return new SurvivorshipRules(def, priority, perField);
    }

    private static String[] keys(String section) {
        return KEYS.get(section).toArray(String[]::new);
    }

    private static String readDefault() {
        try (InputStream in = MatchingConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
