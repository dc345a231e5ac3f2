package io.isthmus.app;

import io.isthmus.app.config.ConfigException;
import io.isthmus.app.config.ConfigProblem;
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
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The buyer model marketing ops edit: scoring, lifecycle, attribution, channel, cost and Salesforce files from the model directory, each file falling back
 * to its built-in default when absent. Every file is checked, and all their problems are reported together.
 */
public record BuyerModel(ScoringRules scoring, LifecycleRules lifecycle, AttributionConfig attribution,
                         ChannelClassifier channels, CostTable costs, FieldMapping salesforceMapping,
                         MatchingConfig matching, TitleClassifier titles, SalesforceObjects salesforceObjects) {

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

    private static <T> T read(Path file, Function<Path, T> load, Supplier<T> fallback, List<ConfigProblem> problems) {
        try {
            return Files.exists(file) ? load.apply(file) : fallback.get();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }
}
