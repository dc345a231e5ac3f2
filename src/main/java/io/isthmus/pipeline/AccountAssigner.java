package io.isthmus.pipeline;

import io.isthmus.buyer.BuyerRecord;
import io.isthmus.identity.Account;
import io.isthmus.identity.AccountAssignment;
import io.isthmus.identity.AccountMatch;
import io.isthmus.identity.AccountMatcher;
import io.isthmus.store.AccountRepository;
import io.isthmus.store.Batch;
import io.isthmus.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each buyer its account (lead-to-account matching) whenever it is published, from its golden record:
 * <ol>
 *   <li>a corporate domain decides: the account holding the buyer's email domain (free-mail providers never count),
 *       else the one holding its website's domain, else a new account for that domain, named after the buyer's
 *       company (or the domain);</li>
 *   <li>a buyer without a corporate domain (free-mail or no address, no website) but with a company name joins the
 *       account whose name is most similar at or above {@code accounts.company-name-min-similarity}, else a new
 *       name-only account;</li>
 *   <li>a buyer with neither has no account.</li>
 * </ol>
 * A domain belongs to one account. Accounts are created in their own short transaction, committed at once: another
 * instance sharing the store sees them at its next look-up, the one that loses the race on a domain re-reads the
 * winner's, and a page that rolls back leaves at most an account no buyer is on yet (found again on the retry).
 * The matcher is kept in memory, loaded from the store on first use (so the daemon's readiness does not wait for it);
 * thread-safe.
 */
public final class AccountAssigner {

    private static final Logger LOG = LoggerFactory.getLogger(AccountAssigner.class);
    static final String EMAIL_DOMAIN = "email-domain";
    static final String WEBSITE_DOMAIN = "website-domain";
    static final String COMPANY_NAME = "company-name";
    static final String CRM = "crm";

    private final Database db;
    private final Supplier<AccountMatcher> newMatcher;
    private final AccountRepository accounts = new AccountRepository();
    private AccountMatcher matcher;

    /** @param newMatcher an empty matcher with the configured free-mail list and name similarity */
    public AccountAssigner(Database db, Supplier<AccountMatcher> newMatcher) {
        this.db = db;
        this.newMatcher = newMatcher;
    }

    /**
     * Decides the stored buyer's account and stores the change, if any, in the caller's transaction. Returns the
     * buyer's account with the name and CRM id the store holds now; null when it has none.
     */
    public AccountAssignment assign(Connection c, BuyerRecord b, Instant now) throws SQLException {
        Optional<AccountAssignment> current = accounts.ofBuyer(c, b.id());
        AccountAssignment next = decide(b, now);
        if (next == null) {
            if (current.isPresent()) {
                accounts.assign(c, b.id(), null, true, now);
                LOG.debug("buyer={} left account {}: no corporate domain and no company name", b.id(),
                        current.get().accountId());
            }
            return null;
        }
        if (current.isPresent() && next.sameAs(current.get())) {
            return current.get();
        }
        accounts.assign(c, b.id(), next, current.isPresent(), now);
        LOG.debug("buyer={} on account {} by {} ({})", b.id(), next.accountId(), next.rule(),
                current.map(a -> "was " + a.accountId()).orElse("first"));
        // The store's name and CRM id: another instance may have linked the account since this one filed it.
        return accounts.byId(c, next.accountId()).map(a -> new AccountAssignment(next.accountId(), a.name(),
                a.crmAccountId(), next.rule(), next.score())).orElse(next);
    }

    /**
     * {@link #assign} for a buyer created in the caller's page: it has no account yet, so nothing is read and the
     * assignment joins the page's batch.
     */
    public AccountAssignment assignNew(Batch batch, BuyerRecord b, Instant now) {
        AccountAssignment next = decide(b, now);
        if (next != null) {
            accounts.assign(batch, b.id(), next, now);
        }
        return next;
    }

    /** The buyer's account as stored, without deciding again (for read-only paths). */
    public Optional<AccountAssignment> current(Connection c, String buyerId) throws SQLException {
        return accounts.ofBuyer(c, buyerId);
    }

    /** The account the buyer's values give, creating it when none holds its evidence; null for none. */
    synchronized AccountAssignment decide(BuyerRecord b, Instant now) {
        AccountMatcher m = matcher();
        String emailDomain = m.corporateEmailDomain(b.email());
        String siteDomain = m.corporateWebsiteDomain(b.website());
        Optional<AccountMatch> hit = m.match(b.email(), b.website(), b.company());
        if (hit.isPresent() && (!hit.get().rule().equals(COMPANY_NAME) || emailDomain == null && siteDomain == null)) {
            Account a = m.account(hit.get().accountId());
            return new AccountAssignment(a.accountId(), a.name(), a.crmAccountId(), hit.get().rule(),
                    hit.get().score());
        }
        if (emailDomain != null || siteDomain != null) {
            // A corporate domain no account holds: its own account, even when the company name resembles another's
            // (two companies of similar names but different domains stay apart).
            String rule = emailDomain != null ? EMAIL_DOMAIN : WEBSITE_DOMAIN;
            List<String> domains = new ArrayList<>();
            for (String d : new String[] {emailDomain, siteDomain}) {
                if (d != null && !domains.contains(d) && m.byDomain(d) == null) {
                    domains.add(d);
                }
            }
            Account a = create(m, blank(b.company()) ? domains.get(0) : b.company().strip(), rule, domains, now);
            return new AccountAssignment(a.accountId(), a.name(), a.crmAccountId(), rule, 1);
        }
        if (!blank(b.company())) {
            Account a = create(m, b.company().strip(), COMPANY_NAME, List.of(), now);
            return new AccountAssignment(a.accountId(), a.name(), a.crmAccountId(), COMPANY_NAME, 1);
        }
        return null;
    }

    /**
     * A new account for the domains (the first decides) or a name-only one, in its own committed transaction. When
     * another instance filed the deciding domain first (read, or a unique violation on insert), its account is
     * taken instead.
     */
    private Account create(AccountMatcher m, String name, String origin, List<String> domains, Instant now) {
        for (int attempt = 1; ; attempt++) {
            try {
                Account a = db.inTransaction(c -> {
                    if (!domains.isEmpty()) {
                        Optional<AccountRepository.StoredAccount> owner = accounts.byDomain(c, domains.get(0));
                        if (owner.isPresent()) {
                            return stored(c, owner.get());
                        }
                    }
                    String id = UUID.randomUUID().toString();
                    accounts.insert(c, id, name, origin, null, now);
                    Set<String> filed = new HashSet<>();
                    for (int i = 0; i < domains.size(); i++) {
                        String d = domains.get(i);
                        // A second domain (the website beside the email's) another account already holds stays there.
                        if (i == 0 || accounts.byDomain(c, d).isEmpty()) {
                            accounts.insertDomain(c, d, id, now);
                            filed.add(d);
                        }
                    }
                    return new Account(id, name, filed, null);
                });
                m.add(a);
                return a;
            } catch (RuntimeException e) {
                if (attempt >= 3 || !uniqueViolation(e)) {
                    throw e;
                }
                LOG.info("account for {} was created by another instance at the same time; reading it", domains);
            }
        }
    }

    private Account stored(Connection c, AccountRepository.StoredAccount s) throws SQLException {
        return new Account(s.id(), s.name(), new HashSet<>(accounts.domainsOf(c, s.id())), s.crmAccountId());
    }

    /**
     * Files an account whose CRM id or domains changed in the store (CRM read-back), so later matches carry them.
     */
    public synchronized void refresh(Connection c, String accountId) throws SQLException {
        Optional<AccountRepository.StoredAccount> s = accounts.byId(c, accountId);
        if (s.isPresent()) {
            matcher().add(stored(c, s.get()));
        }
    }

    /**
     * A converted Lead's Account: the buyer's account takes that CRM id when it has none and no other account has
     * it. Returns the buyers to republish (those on the account) when it was linked.
     */
    public synchronized List<String> linkConverted(Connection c, String buyerId, String crmAccountId, Instant now)
            throws SQLException {
        Optional<AccountAssignment> on = accounts.ofBuyer(c, buyerId);
        if (crmAccountId == null || on.isEmpty() || on.get().crmAccountId() != null) {
            return List.of();
        }
        Optional<AccountRepository.StoredAccount> holder = accounts.byCrmId(c, crmAccountId);
        if (holder.isPresent()) {
            LOG.info("buyer={} converted to CRM Account {}, which isthmus account {} already holds; its account {} "
                    + "stays unlinked", buyerId, crmAccountId, holder.get().id(), on.get().accountId());
            return List.of();
        }
        return link(c, on.get().accountId(), crmAccountId, now);
    }

    /**
     * A CRM Account read back: the isthmus account holding its website's domain, else the one whose name is close
     * enough (and has no CRM id yet), gets the CRM id; else it becomes a new account (origin {@code crm}). Returns
     * the buyers to republish (those on an account that just got its CRM id).
     */
    public synchronized List<String> crmAccount(Connection c, String crmAccountId, String name, String website,
                                                Instant now) throws SQLException {
        if (crmAccountId == null || accounts.byCrmId(c, crmAccountId).isPresent()) {
            return List.of();
        }
        AccountMatcher m = matcher();
        String domain = m.corporateWebsiteDomain(website);
        Optional<AccountRepository.StoredAccount> owner = domain == null ? Optional.empty()
                : accounts.byDomain(c, domain);
        if (owner.isPresent()) {
            if (owner.get().crmAccountId() != null) {
                LOG.info("CRM Account {} has the domain {} of isthmus account {}, already linked to CRM Account {}; "
                        + "left apart", crmAccountId, domain, owner.get().id(), owner.get().crmAccountId());
                return List.of();
            }
            return link(c, owner.get().id(), crmAccountId, now);
        }
        if (!blank(name)) {
            Optional<AccountMatch> byName = m.match(null, null, name);
            if (byName.isPresent() && byName.get().crmAccountId() == null) {
                Optional<AccountRepository.StoredAccount> s = accounts.byId(c, byName.get().accountId());
                if (s.isPresent() && s.get().crmAccountId() == null) {
                    if (domain != null) {
                        accounts.insertDomain(c, domain, s.get().id(), now);
                    }
                    return link(c, s.get().id(), crmAccountId, now);
                }
            }
        }
        String id = UUID.randomUUID().toString();
        String accountName = blank(name) ? (domain != null ? domain : crmAccountId) : name.strip();
        try {
            // Committed at once, like every account isthmus creates: the matcher never holds one the store lacks.
            db.inTransaction(own -> {
                accounts.insert(own, id, accountName, CRM, crmAccountId, now);
                if (domain != null) {
                    accounts.insertDomain(own, domain, id, now);
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (!uniqueViolation(e)) {
                throw e;
            }
            LOG.info("CRM Account {} was filed by another instance at the same time", crmAccountId);
            return List.of();
        }
        m.add(new Account(id, accountName, domain == null ? Set.of() : Set.of(domain), crmAccountId));
        return List.of();
    }

    private List<String> link(Connection c, String accountId, String crmAccountId, Instant now) throws SQLException {
        if (!accounts.linkCrm(c, accountId, crmAccountId, now)) {
            return List.of();
        }
        refresh(c, accountId);
        LOG.info("account {} linked to CRM Account {}", accountId, crmAccountId);
        return accounts.buyersOf(c, accountId);
    }

    /** The matcher, loaded from the store on first use. */
    synchronized AccountMatcher matcher() {
        if (matcher == null) {
            long t0 = System.nanoTime();
            AccountMatcher m = newMatcher.get();
            Map<String, AccountRepository.StoredAccount> byId = new LinkedHashMap<>();
            Map<String, Set<String>> domains = new HashMap<>();
            db.inTransaction(c -> {
                accounts.forEach(c, (a, d) -> {
                    if (!byId.containsKey(a.id())) {
                        flush(m, byId, domains);
                        byId.put(a.id(), a);
                        domains.put(a.id(), new HashSet<>());
                    }
                    if (d != null) {
                        domains.get(a.id()).add(d);
                    }
                });
                return null;
            });
            flush(m, byId, domains);
            matcher = m;
            LOG.info("accounts: {} loaded into the matcher in {} ms", m.size(), (System.nanoTime() - t0) / 1_000_000);
        }
        return matcher;
    }

    /** Files the account read so far (rows come ordered by account id). */
    private static void flush(AccountMatcher m, Map<String, AccountRepository.StoredAccount> byId,
                              Map<String, Set<String>> domains) {
        for (AccountRepository.StoredAccount a : byId.values()) {
            m.add(new Account(a.id(), a.name(), domains.get(a.id()), a.crmAccountId()));
        }
        byId.clear();
        domains.clear();
    }

    static boolean uniqueViolation(Throwable t) {
        for (Throwable e = t; e != null && e.getCause() != e; e = e.getCause()) {
            if (e instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
