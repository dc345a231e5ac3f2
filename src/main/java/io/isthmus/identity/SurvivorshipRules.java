package io.isthmus.identity;

import java.util.List;
import java.util.Map;

/**
 * Survivorship configuration.
 *
 * @param defaultRule    the rule for fields not listed in {@code perField}
 * @param sourcePriority source systems, most trusted first; unlisted systems rank after all listed ones
 * @param perField       rule by field name
 */
public record SurvivorshipRules(SurvivorshipRule defaultRule, List<String> sourcePriority,
                                Map<String, SurvivorshipRule> perField) {

    public SurvivorshipRules {
        sourcePriority = List.copyOf(sourcePriority);
        perField = Map.copyOf(perField);
    }

    public SurvivorshipRule ruleFor(String field) {
        return perField.getOrDefault(field, defaultRule);
    }

    /** 0 for the most trusted source, larger is less trusted. */
    public int rank(String system) {
        int i = sourcePriority.indexOf(system);
        return i < 0 ? sourcePriority.size() : i;
    }
}
