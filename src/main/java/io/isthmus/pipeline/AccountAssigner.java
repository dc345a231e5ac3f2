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
 * A domain belongs to one account (its key in the store). A new account is written with the page (or read-back
 * page) that needs it and filed in the in-memory matcher at once; should that transaction roll back, it is forgotten
 * and whatever account the store holds for its domains is filed instead ({@link Database#onRollback}). So when two
 * instances sharing the store create one for the same domain, the second one's page fails on the domain's key, and is
 * retried with the first one's account. The matcher is loaded from the store on first use (so the daemon's readiness
 * does not wait for it); thread-safe.
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
    private final java.security.SecureRandom random = new java.security.SecureRandom();

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
        AccountAssignment next = decide(b, now, c, null);
        if (next == null) {
            if (current.isPresent()) {
                accounts.assign(c, b.id(), null, true, now);
                LOG.debug("buyer={} left account {}: no corporate domain and no company name", b.id(),
                        current.get().accountId());
            }
            return null;
        }
        if (current.isPresent() && current.get().name() != null && next.sameAs(current.get())) {
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
     * {@link #assign} for a buyer created in the caller's page: it has no account yet, so nothing is read, and the
     * assignment (and an account created for it) joins the page's batch.
     */
    public AccountAssignment assignNew(Batch batch, BuyerRecord b, Instant now) {
        try {
            AccountAssignment next = decide(b, now, null, batch);
            if (next != null) {
                accounts.assign(batch, b.id(), next, now);
            }
            return next;
        } catch (SQLException e) {
            throw new IllegalStateException("a batched decision reads nothing", e);
        }
    }

    /**
     * The account the buyer's values give, creating it when none holds its evidence; null for none. A new account is
     * written with the caller's transaction: on {@code c} directly, or into {@code batch}.
     */
    synchronized AccountAssignment decide(BuyerRecord b, Instant now, Connection c, Batch batch) throws SQLException {
        AccountMatcher m = matcher();
        // The matcher's order (AccountMatcher.match), with each value normalised once.
        String emailDomain = m.corporateEmailDomain(b.email());
        String siteDomain = m.corporateWebsiteDomain(b.website());
        Account held = m.byDomain(emailDomain);
        if (held != null) {
            return new AccountAssignment(held.accountId(), held.name(), held.crmAccountId(), EMAIL_DOMAIN, 1);
        }
        held = m.byDomain(siteDomain);
        if (held != null) {
            return new AccountAssignment(held.accountId(), held.name(), held.crmAccountId(), WEBSITE_DOMAIN, 1);
        }
        if (emailDomain == null && siteDomain == null) {
            Optional<AccountMatch> hit = m.matchName(b.company());
            if (hit.isPresent()) {
                Account a = m.account(hit.get().accountId());
                return new AccountAssignment(a.accountId(), a.name(), a.crmAccountId(), COMPANY_NAME,
                        hit.get().score());
            }
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
            Account a = create(m, blank(b.company()) ? domains.get(0) : b.company().strip(), rule, domains, now, c,
                    batch);
            return new AccountAssignment(a.accountId(), a.name(), a.crmAccountId(), rule, 1);
        }
        if (!blank(b.company())) {
            Account a = create(m, b.company().strip(), COMPANY_NAME, List.of(), now, c, batch);
            return new AccountAssignment(a.accountId(), a.name(), a.crmAccountId(), COMPANY_NAME, 1);
        }
        return null;
    }

    /**
     * A new account for the domains (the first decides) or a name-only one, written with the caller's transaction
     * and filed in the matcher at once (so the page's next buyers find it); forgotten again if that transaction rolls
     * back. Given a connection, the store is asked first whether another instance filed the deciding domain since the
     * matcher was loaded; in a batch that shows as a unique violation when the page is written, the page is rolled
     * back and retried, and the re-read below has filed the other instance's account by then.
     */
    private Account create(AccountMatcher m, String name, String origin, List<String> domains, Instant now,
                           Connection c, Batch batch) throws SQLException {
        if (c != null && !domains.isEmpty()) {
            Optional<AccountRepository.StoredAccount> owner = accounts.byDomain(c, domains.get(0));
            if (owner.isPresent()) {
                Account a = stored(c, owner.get());
                m.add(a);
                return a;
            }
        }
        String id = newId(now);
        if (c != null) {
            accounts.insert(c, id, name, origin, null, now);
            for (String d : domains) {
                accounts.insertDomain(c, d, id, now);
            }
        } else {
            accounts.insert(batch, id, name, origin, now);
            for (String d : domains) {
                accounts.insertDomain(batch, d, id, now);
            }
        }
        Account a = new Account(id, name, Set.copyOf(domains), null);
        m.add(a);
        Database.onRollback(() -> rolledBack(id, domains));
        return a;
    }

    /** The account's rows were rolled back: forget it, and file whatever account the store has for its domains. */
    private synchronized void rolledBack(String accountId, List<String> domains) {
        matcher.remove(accountId);
        if (!domains.isEmpty()) {
            db.inTransaction(c -> {
                for (String d : domains) {
                    Optional<AccountRepository.StoredAccount> owner = accounts.byDomain(c, d);
                    if (owner.isPresent()) {
                        matcher.add(stored(c, owner.get()));
                    }
                }
                return null;
            });
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
                    // link() files the account again from the store, with the domain and the CRM id.
                    return link(c, s.get().id(), crmAccountId, now);
                }
            }
        }
        String id = newId(now);
        String accountName = blank(name) ? (domain != null ? domain : crmAccountId) : name.strip();
        accounts.insert(c, id, accountName, CRM, crmAccountId, now);
        if (domain != null) {
            accounts.insertDomain(c, domain, id, now);
        }
        m.add(new Account(id, accountName, domain == null ? Set.of() : Set.of(domain), crmAccountId));
        Database.onRollback(() -> rolledBack(id, domain == null ? List.of() : List.of(domain)));
        return List.of();
    }

    private List<String> link(Connection c, String accountId, String crmAccountId, Instant now) throws SQLException {
        if (!accounts.linkCrm(c, accountId, crmAccountId, now)) {
            return List.of();
        }
        refresh(c, accountId);
        Database.onRollback(() -> db.inTransaction(again -> {
            refresh(again, accountId);
            return null;
        }));
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

    /**
     * Time-ordered (UUID version 7, as buyer ids): a page's new accounts go to the end of the account id index instead
     * of a random page each, which H2 would rewrite at every commit.
     */
    private String newId(Instant now) {
        return BuyerIds.of(now.toEpochMilli(), random.nextLong(), random.nextLong()).toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
