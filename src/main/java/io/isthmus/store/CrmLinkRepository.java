package io.isthmus.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The CRM's records for each buyer (Lead, then Contact/Account/Opportunity after conversion) and opportunities. */
public final class CrmLinkRepository {

    /** Null ids are not known (yet). */
    public record CrmLink(String buyerId, String leadId, String leadStatus, String contactId, String accountId,
                          String opportunityId, boolean converted) {
    }

    /** An opportunity as last read; amount and close date may be null. */
    public record Opportunity(String id, String buyerId, String stageName, boolean closed, boolean won,
                              BigDecimal amount, LocalDate closeDate, Instant createdAt, Instant modifiedAt) {
    }

    /**
     * The Salesforce ids a buyer's other records point to: whether its Lead was converted, the Lead's id and the
     * Contact's id, each as the read-back saw it or as the sink's confirmed upsert returned it; null when unknown.
     */
    public record WhoIds(boolean converted, String leadId, String contactId) {
    }

    public WhoIds whoIds(Connection c, String buyerId) throws SQLException {
        return Sql.one(c, "SELECT (SELECT converted FROM buyer_crm WHERE buyer_id = ?), "
                        + "COALESCE((SELECT crm_id FROM crm_record WHERE sobject = 'Lead' AND external_id = ?), "
                        + "(SELECT lead_id FROM buyer_crm WHERE buyer_id = ?)), "
                        + "COALESCE((SELECT contact_id FROM buyer_crm WHERE buyer_id = ?), "
                        + "(SELECT crm_id FROM crm_record WHERE sobject = 'Contact' AND external_id = ?))",
                rs -> new WhoIds(rs.getBoolean(1), rs.getString(2), rs.getString(3)), buyerId, buyerId, buyerId,
                buyerId, buyerId).orElse(new WhoIds(false, null, null));
    }

    /** Buyers whose Lead sales converted. */
    public long convertedCount(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM buyer_crm WHERE converted");
    }

    public Optional<CrmLink> find(Connection c, String buyerId) throws SQLException {
        return Sql.one(c, "SELECT buyer_id, lead_id, lead_status, contact_id, account_id, opportunity_id, converted "
                        + "FROM buyer_crm WHERE buyer_id = ?", rs -> new CrmLink(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7)),
                buyerId);
    }

    /** The Lead's mapped values as last read back (JSON object), or null when never read. */
    public Optional<String> leadValues(Connection c, String buyerId) throws SQLException {
        return Sql.one(c, "SELECT lead_values FROM buyer_crm WHERE buyer_id = ? AND lead_values IS NOT NULL",
                rs -> rs.getString(1), buyerId);
    }

    public void saveLeadValues(Connection c, String buyerId, String valuesJson) throws SQLException {
        Sql.update(c, "UPDATE buyer_crm SET lead_values = ? WHERE buyer_id = ?", valuesJson, buyerId);
    }

    public Optional<String> buyerForOpportunity(Connection c, String opportunityId) throws SQLException {
        return Sql.one(c, "SELECT buyer_id FROM buyer_crm WHERE opportunity_id = ?", rs -> rs.getString(1),
                opportunityId);
    }

    public void save(Connection c, CrmLink l, Instant now) throws SQLException {
        int n = Sql.update(c, "UPDATE buyer_crm SET lead_id = ?, lead_status = ?, contact_id = ?, account_id = ?, "
                        + "opportunity_id = ?, converted = ?, updated_at = ? WHERE buyer_id = ?", l.leadId(),
                Sql.fit(l.leadStatus(), 255), l.contactId(), l.accountId(), l.opportunityId(), l.converted(), now,
                l.buyerId());
        if (n == 0) {
            Sql.update(c, "INSERT INTO buyer_crm (buyer_id, lead_id, lead_status, contact_id, account_id, "
                            + "opportunity_id, converted, updated_at) VALUES (?,?,?,?,?,?,?,?)", l.buyerId(), l.leadId(),
                    Sql.fit(l.leadStatus(), 255), l.contactId(), l.accountId(), l.opportunityId(), l.converted(), now);
        }
    }

    public Optional<Opportunity> findOpportunity(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT id, buyer_id, stage_name, is_closed, is_won, amount, close_date, created_at, "
                + "modified_at FROM crm_opportunity WHERE id = ?", CrmLinkRepository::opportunity, id);
    }

    public List<Opportunity> opportunities(Connection c) throws SQLException {
        return Sql.query(c, "SELECT id, buyer_id, stage_name, is_closed, is_won, amount, close_date, created_at, "
                + "modified_at FROM crm_opportunity ORDER BY id", CrmLinkRepository::opportunity);
    }

    public List<Opportunity> opportunitiesOf(Connection c, String buyerId) throws SQLException {
        return Sql.query(c, "SELECT id, buyer_id, stage_name, is_closed, is_won, amount, close_date, created_at, "
                + "modified_at FROM crm_opportunity WHERE buyer_id = ? ORDER BY id", CrmLinkRepository::opportunity,
                buyerId);
    }

    public void saveOpportunity(Connection c, Opportunity o) throws SQLException {
        Date close = o.closeDate() == null ? null : Date.valueOf(o.closeDate());
        int n = Sql.update(c, "UPDATE crm_opportunity SET buyer_id = ?, stage_name = ?, is_closed = ?, is_won = ?, "
                        + "amount = ?, close_date = ?, modified_at = ? WHERE id = ?", o.buyerId(),
                Sql.fit(o.stageName(), 255), o.closed(), o.won(), o.amount(), close, o.modifiedAt(), o.id());
        if (n == 0) {
            Sql.update(c, "INSERT INTO crm_opportunity (id, buyer_id, stage_name, is_closed, is_won, amount, "
                            + "close_date, created_at, modified_at) VALUES (?,?,?,?,?,?,?,?,?)", o.id(), o.buyerId(),
                    Sql.fit(o.stageName(), 255), o.closed(), o.won(), o.amount(), close, o.createdAt(),
                    o.modifiedAt());
        }
    }

    private static Opportunity opportunity(java.sql.ResultSet rs) throws SQLException {
        Date d = rs.getDate(7);
        return new Opportunity(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5),
                rs.getBigDecimal(6), d == null ? null : d.toLocalDate(), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "modified_at"));
    }
}
