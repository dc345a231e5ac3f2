package io.isthmus.app;

import io.isthmus.app.config.ConfigException;
import io.isthmus.app.config.ConfigProblem;
import io.isthmus.app.config.Problems;
import io.isthmus.app.config.SchemaCheck;
import io.isthmus.app.config.YamlFile;
import io.isthmus.app.config.YamlNode;
import io.isthmus.attribution.AttributionConfig;
import io.isthmus.attribution.ChannelClassifier;
import io.isthmus.attribution.funnel.CostTable;
import io.isthmus.buyer.normalize.TitleClassifier;
import io.isthmus.crm.FieldMapping;
import io.isthmus.crm.SalesforceObjects;
import io.isthmus.identity.MatchingConfig;
import io.isthmus.identity.MatchingConfigLoader;
import io.isthmus.lifecycle.LifecycleRules;
import io.isthmus.scoring.ScoringRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The buyer model marketing ops edit: scoring, lifecycle, attribution, channel, cost and Salesforce files from the model directory, each file falling back
 * to its built-in default when absent. Every file is checked, and all their problems are reported together: first
 * against its published JSON Schema ({@link #SCHEMAS}); a file the schema passes then goes to its loader for the
 * cross-field rules (unique ids, regexes that compile, sums and ranges).
 */
public record BuyerModel(ScoringRules scoring, LifecycleRules lifecycle, AttributionConfig attribution,
                         ChannelClassifier channels, CostTable costs, FieldMapping salesforceMapping,
                         MatchingConfig matching, TitleClassifier titles, SalesforceObjects salesforceObjects) {

    /** Each model file and its JSON Schema (draft 2020-12) on the classpath, also under src/main/resources. */
    public static final Map<String, String> SCHEMAS = Map.of(
            "scoring.yaml", "schema/scoring.schema.json",
            "lifecycle.yaml", "schema/lifecycle.schema.json",
            "attribution.yaml", "schema/attribution.schema.json",
            "channels.yaml", "schema/channels.schema.json",
            "costs.yaml", "schema/costs.schema.json",
            "salesforce-mapping.yaml", "schema/salesforce-mapping.schema.json",
            "matching.yaml", "schema/matching.schema.json",
            "titles.yaml", "schema/titles.schema.json",
            "salesforce-objects.yaml", "schema/salesforce-objects.schema.json");

    /** Compiled once per process, on first use. */
    private static final Map<String, SchemaCheck> CHECKS = new ConcurrentHashMap<>();

    /** The schema check of a model file, by file name ({@code scoring.yaml}). */
    public static SchemaCheck schema(String fileName) {
        String resource = SCHEMAS.get(fileName);
        if (resource == null) {
            throw new IllegalArgumentException("no schema for " + fileName);
        }
        return CHECKS.computeIfAbsent(resource, SchemaCheck::of);
    }

    public static BuyerModel load(Path dir) {
        List<ConfigProblem> problems = new ArrayList<>();
        ScoringRules scoring = read(dir.resolve("scoring.yaml"), ScoringRules::load, ScoringRules::loadDefault,
                problems);
        LifecycleRules lifecycle = read(dir.resolve("lifecycle.yaml"), LifecycleRules::load,
                LifecycleRules::loadDefault, problems);
        AttributionConfig attribution = read(dir.resolve("attribution.yaml"), AttributionConfig::load,
                () -> AttributionConfig.load(null), problems);
        ChannelClassifier channels = read(dir.resolve("channels.yaml"), ChannelClassifier::load,
                () -> ChannelClassifier.load(null), problems);
        CostTable costs = read(dir.resolve("costs.yaml"), CostTable::load, () -> CostTable.NONE, problems);
        FieldMapping mapping = read(dir.resolve("salesforce-mapping.yaml"), FieldMapping::load,
                () -> FieldMapping.load(null), problems);
        MatchingConfig matching = read(dir.resolve("matching.yaml"), MatchingConfigLoader::load,
                MatchingConfigLoader::defaults, problems);
        TitleClassifier titles = read(dir.resolve("titles.yaml"), TitleClassifier::load, TitleClassifier::defaults,
                problems);
        SalesforceObjects objects = read(dir.resolve("salesforce-objects.yaml"), SalesforceObjects::load,
                () -> SalesforceObjects.load(null), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new BuyerModel(scoring, lifecycle, attribution, channels, costs, mapping, matching, titles, objects);
    }

    /**
     * The file's schema problems when it has any (the loader would only repeat them, less precisely), else what
     * its loader finds. A file that is not valid YAML goes straight to the loader, which reports where.
     */
    private static <T> T read(Path file, Function<Path, T> load, Supplier<T> fallback, List<ConfigProblem> problems) {
        if (!Files.exists(file)) {
            return fallback.get();
        }
        Problems syntax = new Problems();
        YamlNode root = YamlFile.load(file, syntax);
        if (syntax.isEmpty()) {
            List<ConfigProblem> found = schema(file.getFileName().toString()).check(root);
            if (!found.isEmpty()) {
                problems.addAll(found);
                return null;
            }
        }
        try {
            return load.apply(file);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }
}
