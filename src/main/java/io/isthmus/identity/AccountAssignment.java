package io.isthmus.identity;

import java.util.Locale;

/**
 * A buyer's account as the CRM field mapping sees it.
 *
 * @param crmAccountId the CRM Account id; null while the CRM does not know the account
 * @param rule         {@code email-domain}, {@code website-domain} or {@code company-name}
 * @param score        1 for a domain, the name similarity (0..1) for a company name
 */
public record AccountAssignment(String accountId, String name, String crmAccountId, String rule, double score) {

    /** The rule and score as one value, e.g. {@code email-domain 1.00} or {@code company-name 0.93}. */
    public String match() {
        return rule + ' ' + String.format(Locale.ROOT, "%.2f", score);
    }

    /** Same account, rule and score (the name and CRM id follow the account). */
    public boolean sameAs(AccountAssignment o) {
        return o != null && accountId.equals(o.accountId) && rule.equals(o.rule)
                && Math.abs(score - o.score) < 1e-9;
    }
}
