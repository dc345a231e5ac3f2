package io.isthmus.store;

import io.isthmus.identity.AccountAssignment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Accounts (companies buyers belong to), their registrable domains and each buyer's account with the rule that gave
 * it. A domain belongs to at most one account (its primary key), so instances sharing the store never file one
 * domain twice.
 */
public final class AccountRepository {

    /** An account as stored: its domains are read separately ({@link #forEach}). */
    public record StoredAccount(String id, String name, String crmAccountId, String origin) {
    }

    /** Every account with its domains (an account without any once, with a null domain), for loading the matcher. */
    public void forEach(Connection c, AccountRow each) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.id, a.name, a.crm_account_id, a.origin, d.domain "
                + "FROM account a LEFT JOIN account_domain d ON d.account_id = a.id ORDER BY a.id")) {
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.row(new StoredAccount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                            rs.getString(5));
                }
            }
        }
    }

    /** A row of {@link #forEach}. */
    @FunctionalInterface
    public interface AccountRow {
        void row(StoredAccount account, String domainOrNull);
    }

    public void insert(Connection c, String id, String name, String origin, String crmAccountId, Instant now)
            throws SQLException {
        Sql.update(c, "INSERT INTO account (id, name, crm_account_id, origin, created_at, updated_at) "
                + "VALUES (?,?,?,?,?,?)", id, Sql.fit(name, 255), crmAccountId, origin, now, now);
    }

    /** {@link #insert(Connection, String, String, String, String, Instant)} with the page's writes. */
    public void insert(Batch batch, String id, String name, String origin, Instant now) {
        batch.add("INSERT INTO account (id, name, crm_account_id, origin, created_at, updated_at) "
                + "VALUES (?,?,?,?,?,?)", id, Sql.fit(name, 255), null, origin, now, now);
    }

    /** {@link #insertDomain(Connection, String, String, Instant)} with the page's writes. */
    public void insertDomain(Batch batch, String domain, String accountId, Instant now) {
        batch.add("INSERT INTO account_domain (domain, account_id, created_at) VALUES (?,?,?)", domain, accountId,
                now);
    }

    /** Files a domain to an account; throws the store's unique violation (SQLState 23505) when it is taken. */
    public void insertDomain(Connection c, String domain, String accountId, Instant now) throws SQLException {
        Sql.update(c, "INSERT INTO account_domain (domain, account_id, created_at) VALUES (?,?,?)", domain, accountId,
                now);
    }

    public Optional<StoredAccount> byDomain(Connection c, String domain) throws SQLException {
        return Sql.one(c, "SELECT a.id, a.name, a.crm_account_id, a.origin FROM account_domain d "
                + "JOIN account a ON a.id = d.account_id WHERE d.domain = ?", AccountRepository::account, domain);
    }

    public Optional<StoredAccount> byId(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT id, name, crm_account_id, origin FROM account WHERE id = ?",
                AccountRepository::account, id);
    }

    public Optional<StoredAccount> byCrmId(Connection c, String crmAccountId) throws SQLException {
        return Sql.one(c, "SELECT id, name, crm_account_id, origin FROM account WHERE crm_account_id = ?",
                AccountRepository::account, crmAccountId);
    }

    public List<String> domainsOf(Connection c, String accountId) throws SQLException {
        return Sql.query(c, "SELECT domain FROM account_domain WHERE account_id = ? ORDER BY domain",
                rs -> rs.getString(1), accountId);
    }

    /** Sets the CRM Account id of an account that has none; false when it already has one (or is gone). */
    public boolean linkCrm(Connection c, String accountId, String crmAccountId, Instant now) throws SQLException {
        return Sql.update(c, "UPDATE account SET crm_account_id = ?, updated_at = ? WHERE id = ? "
                + "AND crm_account_id IS NULL", crmAccountId, now, accountId) == 1;
    }

    /**
     * The buyer's account as assigned, with the account's name and CRM id as stored now; a null name when the account
     * is missing (filed by a transaction that then rolled back).
     */
    public Optional<AccountAssignment> ofBuyer(Connection c, String buyerId) throws SQLException {
        return Sql.one(c, "SELECT ba.account_id, a.name, a.crm_account_id, ba.rule, ba.score FROM buyer_account ba "
                + "LEFT JOIN account a ON a.id = ba.account_id WHERE ba.buyer_id = ?", rs -> new AccountAssignment(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getDouble(5)), buyerId);
    }

    /** The (living) buyers on an account. */
    public List<String> buyersOf(Connection c, String accountId) throws SQLException {
        return Sql.query(c, "SELECT ba.buyer_id FROM buyer_account ba JOIN buyer b ON b.id = ba.buyer_id "
                + "WHERE ba.account_id = ? ORDER BY ba.buyer_id", rs -> rs.getString(1), accountId);
    }

    /** A first assignment, for a buyer known to have none (new in the caller's page), with the page's writes. */
    public void assign(Batch batch, String buyerId, AccountAssignment a, Instant now) {
        batch.add("INSERT INTO buyer_account (buyer_id, account_id, rule, score, assigned_at) VALUES (?,?,?,?,?)",
                buyerId, a.accountId(), a.rule(), a.score(), now);
    }

    /** Sets, replaces or (a null {@code a}) removes the buyer's account. */
    public void assign(Connection c, String buyerId, AccountAssignment a, boolean exists, Instant now)
            throws SQLException {
        if (a == null) {
            Sql.update(c, "DELETE FROM buyer_account WHERE buyer_id = ?", buyerId);
        } else if (exists) {
            Sql.update(c, "UPDATE buyer_account SET account_id = ?, rule = ?, score = ?, assigned_at = ? "
                    + "WHERE buyer_id = ?", a.accountId(), a.rule(), a.score(), now, buyerId);
        } else {
            Sql.update(c, "INSERT INTO buyer_account (buyer_id, account_id, rule, score, assigned_at) "
                    + "VALUES (?,?,?,?,?)", buyerId, a.accountId(), a.rule(), a.score(), now);
        }
    }

    public long count(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM account");
    }

    private static StoredAccount account(ResultSet rs) throws SQLException {
        return new StoredAccount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
    }
}
