package io.isthmus.identity;

/**
 * A buyer's account.
 *
 * @param rule  {@code email-domain}, {@code website-domain} or {@code company-name}
 * @param score 1 for a domain match, the name similarity for a fuzzy name match
 */
public record AccountMatch(String accountId, String crmAccountId, String rule, double score) {
}
