package io.isthmus.buyer.normalize;

/**
 * What a job title says about a buyer.
 *
 * @param seniority a level from the rule table, e.g. {@code vp}; {@link TitleClassifier#UNKNOWN} when no rule matched
 * @param persona   a persona from the rule table, e.g. {@code marketing}; {@link TitleClassifier#UNKNOWN} when none matched
 */
public record TitleClass(String seniority, String persona) {
}
