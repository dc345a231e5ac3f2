package io.isthmus.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.store.Database;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Everything isthmus knows about one buyer, for a person: its sources, what merged into it and why, its score with
 * each rule's points, its stage history, its touches, what the CRM said, and what is queued or dead for it.
 */
public final class BuyerExplainer {

    private final Database db;
    private final ObjectMapper json = new ObjectMapper();

    public BuyerExplainer(Database db) {
        this.db = db;
    }

    /** Prints the explanation; false when no buyer has that id or (normalized) email. */
    public boolean explain(String idOrEmail, PrintStream out) {
        return db.inTransaction(c -> {
            Optional<String> id = find(c, idOrEmail.strip());
            if (id.isEmpty()) {
                // A buyer merged away: say where it went and explain the buyer it lives on in.
                id = mergedInto(c, idOrEmail.strip());
                if (id.isEmpty()) {
                    return false;
                }
                out.println("Buyer " + idOrEmail.strip() + " was merged into buyer " + id.get()
                        + " (see the merge history below; isthmus unmerge <id> undoes it)");
            }
            String b = id.get();
            section(out, "Buyer " + b);
            table(c, out, "SELECT email, email_original, first_name, last_name, company, phone, job_title, country, "
                    + "website, created_at, updated_at, version FROM buyer WHERE id = ?", b);
            section(out, "Sources (identity links)");
            table(c, out, "SELECT system, source_id, source_modified_at, linked_at FROM source_link WHERE buyer_id = ? "
                    + "ORDER BY system, source_id", b);
            section(out, "Merges and changes, with evidence");
            table(c, out, "SELECT at, event, source, detail FROM buyer_audit WHERE buyer_id = ? ORDER BY id", b);
            section(out, "Merge history (isthmus unmerge <id> undoes one)");
            table(c, out, "SELECT id, merged_at, kind, match_rule AS rule, weight, threshold, survivor_id, absorbed_id, "
                    + "actor, undone_at, undone_by, undo_reason, evidence FROM merge_event "
                    + "WHERE survivor_id = ? OR absorbed_id = ? ORDER BY id", b, b);
            section(out, "Possible matches kept for review");
            table(c, out, "SELECT candidate_id, weight, status, evidence FROM match_review WHERE buyer_id = ? "
                    + "ORDER BY id", b);
            section(out, "Score");
            table(c, out, "SELECT fit, engagement, total, summary, scored_at FROM buyer_score WHERE buyer_id = ?", b);
            explanation(c, out, b);
            section(out, "Stage history");
            table(c, out, "SELECT at, from_stage, to_stage, cause, nurture_until FROM stage_transition "
                    + "WHERE buyer_id = ? ORDER BY id", b);
            section(out, "Activities");
            table(c, out, "SELECT occurred_at, system, type, asset, campaign, utm_source, utm_medium FROM activity "
                    + "WHERE buyer_id = ? ORDER BY occurred_at", b);
            section(out, "Attribution touches");
            table(c, out, "SELECT occurred_at, touch_id, channel, campaign, stage_at_time FROM touch "
                    + "WHERE buyer_id = ? ORDER BY occurred_at", b);
            section(out, "Account (lead-to-account matching: rule and score that gave it)");
            table(c, out, "SELECT a.name AS account, a.crm_account_id, ba.rule, ba.score, a.origin, ba.assigned_at, "
                    + "ba.account_id FROM buyer_account ba JOIN account a ON a.id = ba.account_id "
                    + "WHERE ba.buyer_id = ?", b);
            table(c, out, "SELECT d.domain AS account_domain FROM buyer_account ba JOIN account_domain d "
                    + "ON d.account_id = ba.account_id WHERE ba.buyer_id = ? ORDER BY d.domain", b);
            section(out, "CRM");
            table(c, out, "SELECT lead_id, lead_status, contact_id, account_id, opportunity_id, converted FROM buyer_crm "
                    + "WHERE buyer_id = ?", b);
            table(c, out, "SELECT id, stage_name, is_closed, is_won, amount, close_date FROM crm_opportunity "
                    + "WHERE buyer_id = ?", b);
            section(out, "Outbox");
            table(c, out, "SELECT id, sobject, status, attempts, last_error, crm_id, created_at, sent_at FROM outbox "
                    + "WHERE buyer_id = ? ORDER BY id", b);
            section(out, "Dead letters");
            table(c, out, "SELECT id, kind, error_code, error_message, status, created_at FROM dead_letter "
                    + "WHERE buyer_id = ? ORDER BY id", b);
            return true;
        });
    }

    private Optional<String> find(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM buyer WHERE id = ? OR email = ?")) {
            ps.setString(1, key);
            ps.setString(2, key.toLowerCase(java.util.Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The latest score change's rule-by-rule points. */
    private void explanation(Connection c, PrintStream out, String buyerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT explanation, at FROM score_change WHERE buyer_id = ? "
                + "ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, buyerId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                out.println("  points by rule (as of " + rs.getTimestamp(2).toInstant() + "):");
                JsonNode rows = json.readTree(rs.getString(1));
                for (JsonNode r : rows) {
                    out.printf("    %-24s %-10s ×%-3d %+6.1f (before decay %+d, withheld by caps %d)%n",
                            r.path("ruleLabel").asText(), r.path("kind").asText().toLowerCase(java.util.Locale.ROOT),
                            r.path("count").asInt(), r.path("pointsAfterDecay").asDouble(),
                            r.path("pointsBeforeDecay").asInt(), r.path("withheldByCap").asInt());
                }
                if (rows.isEmpty()) {
                    out.println("    (no rule applies)");
                }
            } catch (IOException e) {
                out.println("    (stored explanation unreadable: " + e.getMessage() + ")");
            }
        }
    }

    private static void section(PrintStream out, String title) {
        out.println();
        out.println(title);
    }

    /** The buyer a merge in effect moved {@code key} (a former buyer id) into, following chains of merges. */
    private Optional<String> mergedInto(Connection c, String key) throws SQLException {
        String at = key;
        for (int hops = 0; hops < 100; hops++) {
            try (PreparedStatement ps = c.prepareStatement("SELECT survivor_id FROM merge_event WHERE absorbed_id = ? "
                    + "AND undone_at IS NULL ORDER BY id DESC")) {
                ps.setString(1, at);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return at.equals(key) ? Optional.empty() : find(c, at);
                    }
                    at = rs.getString(1);
                }
            }
        }
        return Optional.empty();
    }

    private static void table(Connection c, PrintStream out, String sql, String... buyerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < buyerId.length; i++) {
                ps.setString(i + 1, buyerId[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                boolean any = false;
                while (rs.next()) {
                    any = true;
                    StringBuilder sb = new StringBuilder("  ");
                    for (int i = 1; i <= n; i++) {
                        String v = rs.getString(i);
                        if (v != null) {
                            sb.append(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT))
                                    .append('=').append(v.replaceAll("\\p{Cntrl}", " ")).append("  ");
                        }
                    }
                    out.println(sb.toString().stripTrailing());
                }
                if (!any) {
                    out.println("  (none)");
                }
            }
        }
    }
}
