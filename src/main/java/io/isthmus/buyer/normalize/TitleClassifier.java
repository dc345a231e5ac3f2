package io.isthmus.buyer.normalize;

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
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Job title → seniority and persona through an ordered rule table read from YAML (see {@code titles-default.yaml}). */
public final class TitleClassifier {

    public static final String UNKNOWN = "unknown";
    static final String DEFAULT_RESOURCE = "/isthmus/titles-default.yaml";

    /** Every key the file may hold, by section; the published schema is checked against this list. */
    static final Map<String, List<String>> KEYS = Map.of(
            "", List.of("seniority", "personas"),
            "seniority[]", List.of("level", "match"),
            "personas[]", List.of("persona", "match"));

    private record Rule(String label, List<Pattern> patterns) {
    }

    /** Distinct titles kept classified; a database holds a few hundred at most in its common ones. */
    static final int CACHED_TITLES = 2048;

    private final List<Rule> seniority;
    private final List<Rule> personas;
    private final BoundedCache<String, TitleClass> classified = new BoundedCache<>(CACHED_TITLES);

    private TitleClassifier(List<Rule> seniority, List<Rule> personas) {
        this.seniority = seniority;
        this.personas = personas;
    }

    /** The table in {@code file} when it exists, else the shipped default; refuses a table with problems. */
    public static TitleClassifier load(Path file) {
        Problems problems = new Problems();
        YamlNode root = file != null && Files.exists(file)
                ? YamlFile.load(file, problems)
                : YamlFile.parse("classpath:" + DEFAULT_RESOURCE, readDefault(), problems);
        TitleClassifier c = fromYaml(root);
        problems.throwIfAny();
        return c;
    }

    public static TitleClassifier defaults() {
        return load(null);
    }

    /** Reads the table; problems go to the node's {@link Problems} (the caller decides when to refuse). */
    public static TitleClassifier fromYaml(YamlNode root) {
        root.allowOnly(KEYS.get("").toArray(String[]::new));
        return new TitleClassifier(rules(root.get("seniority"), "level", KEYS.get("seniority[]")),
                rules(root.get("personas"), "persona", KEYS.get("personas[]")));
    }

    private static List<Rule> rules(YamlNode list, String labelKey, List<String> keys) {
        if (list.isMissing()) {
            list.problem("missing, expected a list of rules with '" + labelKey + "' and 'match'");
        }
        List<Rule> out = new ArrayList<>();
        for (YamlNode item : list.list()) {
            item.allowOnly(keys.toArray(String[]::new));
            String label = item.requiredString(labelKey);
            List<Pattern> patterns = new ArrayList<>();
            List<YamlNode> match = item.get("match").list();
            if (match.isEmpty()) {
                item.problem("has no 'match' patterns, expected a list of regular expressions");
            }
            for (YamlNode p : match) {
                String text = p.text();
                if (text == null) {
                    continue;
                }
                try {
                    patterns.add(Pattern.compile(text));
                } catch (PatternSyntaxException e) {
                    p.problem("'" + text + "' is not a regular expression (" + e.getDescription() + ")");
                }
            }
            if (label != null) {
                out.add(new Rule(label, List.copyOf(patterns)));
            }
        }
        return List.copyOf(out);
    }

    /** The title's seniority and persona: the first rule of each list whose pattern finds the folded title. */
    public TitleClass classify(String title) {
        if (title == null || title.isBlank()) {
            return new TitleClass(UNKNOWN, UNKNOWN);
        }
        // The same few titles come back again and again: each is folded and run through the table once.
        return classified.get(title, this::classifyNew);
    }

    private TitleClass classifyNew(String title) {
        String folded = Fold.tokens(title.replace(".", ""));
        return new TitleClass(first(seniority, folded), first(personas, folded));
    }

    /** How many distinct titles are kept classified now (never more than {@link #CACHED_TITLES}). */
    int cachedTitles() {
        return classified.size();
    }

    private static String first(List<Rule> rules, String text) {
        for (Rule r : rules) {
            for (Pattern p : r.patterns()) {
                if (p.matcher(text).find()) {
                    return r.label();
                }
            }
        }
        return UNKNOWN;
    }

    private static String readDefault() {
        try (InputStream in = TitleClassifier.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
