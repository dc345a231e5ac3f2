package io.isthmus.scoring;

import io.isthmus.app.config.ConfigException;
import io.isthmus.app.config.Problems;
import io.isthmus.app.config.YamlFile;
import io.isthmus.app.config.YamlNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The scoring model from scoring.yaml, parsed and validated once. Immutable; share it freely between threads.
 *
 * @param source            where the rules came from (file path or classpath resource), for logs; never null
 * @param decay             engagement decay; {@link Decay#NONE} when the file has none
 * @param summaryMaxLength  the longest summary text the CRM field takes
 * @param behaviour         engagement rules in file order; never null
 * @param fit               attribute rules in file order; never null
 * @param negative          negative rules in file order; never null
 */
public record ScoringRules(
        String source,
        Decay decay,
        int summaryMaxLength,
        List<BehaviourRule> behaviour,
        List<FitRule> fit,
        List<NegativeRule> negative) {

    /** The classpath copy used when no config/scoring.yaml is given. */
    public static final String DEFAULT_RESOURCE = "isthmus/scoring-default.yaml";

    public ScoringRules {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(decay, "decay");
        behaviour = List.copyOf(behaviour);
        fit = List.copyOf(fit);
        negative = List.copyOf(negative);
    }

    /** Reads and validates a file; throws {@link ConfigException} listing every problem found. */
    public static ScoringRules load(Path file) {
        Problems problems = new Problems();
        YamlNode root = YamlFile.load(file, problems);
        return finish(root, problems);
    }

    /** Parses YAML text; {@code name} is what error messages call the file. */
    public static ScoringRules parse(String name, String text) {
        Problems problems = new Problems();
        YamlNode root = YamlFile.parse(name, text, problems);
        return finish(root, problems);
    }

    /** The rules shipped in the jar. */
    public static ScoringRules loadDefault() {
        return parse("classpath:" + DEFAULT_RESOURCE, readResource(DEFAULT_RESOURCE));
    }

    private static ScoringRules finish(YamlNode root, Problems problems) {
        ScoringRules rules = new ScoringRulesParser(root).read();
        problems.throwIfAny();
        return rules;
    }

    static String readResource(String name) {
        try (InputStream in = ScoringRules.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw ConfigException.of("classpath:" + name, "", "resource is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
