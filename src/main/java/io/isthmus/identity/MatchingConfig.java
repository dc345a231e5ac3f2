package io.isthmus.identity;

import java.util.Map;

/**
 * The whole matching model as data, read once from {@code config/matching.yaml}
 * (default: {@code isthmus/matching-default.yaml}) by {@link MatchingConfigLoader}.
 *
 * @param maxPerKey              cap on records kept per blocking-key value, bounding the cost of one lookup
 * @param maxCandidates          cap on distinct records one lookup proposes (smallest blocks first)
 * @param companyNameMinSimilarity least company-name similarity (0..1) for a fuzzy account match
 * @param estimation             whether and how m/u are estimated from the store, and term-frequency weighing
 */
public record MatchingConfig(Thresholds thresholds, int maxPerKey, int maxCandidates, Map<String, MatchProfile> profiles,
                             SurvivorshipRules survivorship, double companyNameMinSimilarity, Estimation estimation) {

    public MatchingConfig {
        profiles = Map.copyOf(profiles);
    }

    public MatchingConfig(Thresholds thresholds, int maxPerKey, Map<String, MatchProfile> profiles,
                          SurvivorshipRules survivorship, double companyNameMinSimilarity) {
        this(thresholds, maxPerKey, BlockingIndex.DEFAULT_MAX_CANDIDATES, profiles, survivorship,
                companyNameMinSimilarity, Estimation.off());
    }

    public MatchProfile profile(String name) {
        MatchProfile p = profiles.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no matching profile '" + name + "', configured: " + profiles.keySet());
        }
        return p;
    }

    public Matcher matcher(String profile) {
        return new Matcher(profile(profile), thresholds);
    }

    public BlockingIndex newIndex(String profile) {
        return newIndex(profile(profile));
    }

    /** An index for {@code profile} (a fitted copy of a configured one) with this configuration's blocking limits. */
    public BlockingIndex newIndex(MatchProfile profile) {
        return new BlockingIndex(profile, maxPerKey, maxCandidates);
    }
}
