package io.isthmus.identity;

import java.util.Set;

/**
 * A company buyers can belong to.
 *
 * @param domains      registrable domains of the company's websites and mail
 * @param crmAccountId the CRM Account id when the CRM knows the account; null otherwise
 */
public record Account(String accountId, String name, Set<String> domains, String crmAccountId) {

    public Account {
        domains = Set.copyOf(domains);
    }
}
