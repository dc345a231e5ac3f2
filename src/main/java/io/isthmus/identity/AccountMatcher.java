package io.isthmus.identity;

import io.isthmus.buyer.normalize.CompanyNormalizer;
import io.isthmus.buyer.normalize.DomainNormalizer;
import io.isthmus.buyer.normalize.EmailNormalizer;
import io.isthmus.buyer.normalize.NormalizedEmail;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Lead-to-account matching, strongest evidence first: the corporate email domain (free-mail providers excluded),
 * then the website domain, then a fuzzy company name at or above the configured similarity.
 * Not thread-safe (single writer).
 */
public final class AccountMatcher {

    private final FreeMailDomains freeMail;
    private final DomainNormalizer domains = new DomainNormalizer();
    private final EmailNormalizer emails = new EmailNormalizer();
    private final CompanyNameIndex names;
    private final double minNameSimilarity;
    private final Map<String, Account> byDomain = new HashMap<>();
    private final Map<String, Account> byId = new HashMap<>();

    public AccountMatcher(FreeMailDomains freeMail, double minNameSimilarity, int maxPerKey) {
        this.freeMail = freeMail;
        this.minNameSimilarity = minNameSimilarity;
        this.names = new CompanyNameIndex(new CompanyNormalizer(), maxPerKey);
    }

    public static AccountMatcher of(MatchingConfig config) {
        return new AccountMatcher(FreeMailDomains.defaults(), config.companyNameMinSimilarity(), config.maxPerKey());
    }

    /** Files an account (again, after its domains or CRM id changed). */
    public void add(Account a) {
        byId.put(a.accountId(), a);
        for (String d : a.domains()) {
            String reg = domains.normalize(d);
            if (reg != null && !freeMail.contains(reg)) {
                byDomain.put(reg, a);
            }
        }
        names.add(a.accountId(), a.name());
    }

    /** Any argument may be null. */
    public Optional<AccountMatch> match(String email, String website, String company) {
        NormalizedEmail e = emails.normalize(email);
        if (e.valid() && !freeMail.contains(e.domain())) {
            String reg = domains.normalize(e.domain());
            if (reg != null && !freeMail.contains(reg) && byDomain.containsKey(reg)) {
                return Optional.of(found(byDomain.get(reg), "email-domain", 1));
            }
        }
        String site = domains.normalize(website);
        if (site != null && byDomain.containsKey(site)) {
            return Optional.of(found(byDomain.get(site), "website-domain", 1));
        }
        return matchName(company);
    }

    /** The account whose name is most similar to {@code company}, at or above the threshold (rule company-name). */
    public Optional<AccountMatch> matchName(String company) {
        if (company != null && !company.isBlank()) {
            return names.best(company).filter(h -> h.similarity() >= minNameSimilarity && byId.containsKey(h.id()))
                    .map(h -> found(byId.get(h.id()), "company-name", h.similarity()));
        }
        return Optional.empty();
    }

    /**
     * Forgets an account (its store rows were rolled back). Its name stays in the name index, where a look-up skips
     * it, until it is filed again.
     */
    public void remove(String accountId) {
        Account a = byId.remove(accountId);
        if (a != null) {
            for (String d : a.domains()) {
                byDomain.remove(domains.normalize(d), a);
            }
        }
    }

    /** The account filed under the id, or null. */
    public Account account(String accountId) {
        return byId.get(accountId);
    }

    /** The account holding a registrable domain, or null. */
    public Account byDomain(String registrable) {
        return registrable == null ? null : byDomain.get(registrable);
    }

    /** The registrable domain of an address that is not at a free-mail provider; null for free-mail or invalid. */
    public String corporateEmailDomain(String email) {
        NormalizedEmail e = emails.normalize(email);
        if (!e.valid() || freeMail.contains(e.domain())) {
            return null;
        }
        String reg = domains.normalize(e.domain());
        return reg == null || freeMail.contains(reg) ? null : reg;
    }

    /** The registrable domain of a website unless it is a free-mail provider's (gmail.com as a website); else null. */
    public String corporateWebsiteDomain(String website) {
        String reg = domains.normalize(website);
        return reg == null || freeMail.contains(reg) ? null : reg;
    }

    /** Accounts filed. */
    public int size() {
        return byId.size();
    }

    /** Whether an address is at a free-mail provider (such buyers need a website or company name to get an account). */
    public boolean isFreeMail(String email) {
        NormalizedEmail e = emails.normalize(email);
        return e.valid() && freeMail.contains(e.domain());
    }

    private static AccountMatch found(Account a, String rule, double score) {
        return new AccountMatch(a.accountId(), a.crmAccountId(), rule, score);
    }
}
