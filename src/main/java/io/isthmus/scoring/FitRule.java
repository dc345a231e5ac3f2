package io.isthmus.scoring;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fit points when one buyer attribute matches. Exactly one of {@code anyOf}, {@code pattern} and the range is set.
 *
 * @param id        unique rule id; never null
 * @param label     short text for the CRM summary; never null
 * @param attribute the attribute's name (see {@link ScoringInput}); never null
 * @param anyOf     lower-case values compared without case; null when the rule uses a pattern or a range
 * @param pattern   searched anywhere in the value; null when unused
 * @param min       inclusive lower bound for a numeric value (e.g. company size); null for none
 * @param max       inclusive upper bound for a numeric value; null for none
 * @param points    points when the attribute matches; never 0
 */
public record FitRule(
        String id,
        String label,
        String attribute,
        Set<String> anyOf,
        Pattern pattern,
        Double min,
        Double max,
        int points) {

    public FitRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(attribute, "attribute");
        anyOf = anyOf == null ? null : Set.copyOf(anyOf);
    }

    public boolean matches(ScoringInput input) {
        String value = input.attribute(attribute);
        if (value == null) {
            return false;
        }
        if (anyOf != null) {
            return anyOf.contains(value.toLowerCase(Locale.ROOT));
        }
        if (pattern != null) {
            return pattern.matcher(value).find();
        }
        Double n = number(value);
        return n != null && (min == null || n >= min) && (max == null || n <= max);
    }

    /** Reads "1,200" or "1 200" as 1200 since company sizes arrive formatted; anything else is no number. */
    private static Double number(String value) {
        try {
            return Double.parseDouble(value.replace(",", "").replace(" ", "").replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
