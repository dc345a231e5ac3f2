package io.isthmus.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.attribution.FunnelStage;
import io.isthmus.crm.ApiBudget;
import io.isthmus.store.Database;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link StatusSnapshot} from the store: read-only queries in one transaction that is rolled back, so the
 * page never writes and sees one consistent moment.
 */
public final class StatusQueries {

    /**
     * Cursor fields that say up to when a source has been read, in the order they are tried: the HubSpot poll's
     * end of the last finished pass, and the CRM read-back's newest SystemModstamp applied. A source whose cursor
     * has none of them is measured from its last poll.
     */
    static final List<String> POSITION_FIELDS = List.of("completedUntil", "since");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final ApiBudget budget;
    private final Clock clock;

    /** @param budget null when the Salesforce sink is disabled */
    public StatusQueries(Database db, ApiBudget budget, Clock clock) {
        this.db = db;
        this.budget = budget;
        this.clock = clock;
    }

    public StatusSnapshot snapshot() {
        Instant now = clock.instant();
        try (Connection c = db.dataSource().getConnection()) {
            try {
                c.setReadOnly(true);
                Map<String, Long> openByOrigin = openDeadLettersByOrigin(c);
                return new StatusSnapshot(now, sources(c, now, openByOrigin), outbox(c, now), deadLetters(c),
                        budget == null ? null : new StatusSnapshot.ApiUsage(budget.used(), budget.limit()),
                        count(c, "SELECT COUNT(*) FROM buyer"), funnel(c));
            } finally {
                c.rollback();
                c.setReadOnly(false);
            }
        } catch (SQLException e) {
            throw new io.isthmus.store.StoreException(e);
        }
    }

    private static List<StatusSnapshot.Source> sources(Connection c, Instant now, Map<String, Long> openByOrigin)
            throws SQLException {
        List<StatusSnapshot.Source> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT source, cursor_value, pages_applied, records_applied, "
                + "updated_at FROM source_watermark ORDER BY source");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                Instant lastPoll = instant(rs.getTimestamp(5));
                Instant position = cursorPosition(rs.getString(2));
                StatusSnapshot.LagBasis basis = position != null ? StatusSnapshot.LagBasis.CURSOR
                        : StatusSnapshot.LagBasis.LAST_POLL;
                Instant from = position != null ? position : lastPoll;
                Duration lag = from == null || from.isAfter(now) ? Duration.ZERO : Duration.between(from, now);
                out.add(new StatusSnapshot.Source(name, lastPoll, position, lag, basis, rs.getLong(3),
                        rs.getLong(4), openByOrigin.getOrDefault(name, 0L)));
            }
        }
        return out;
    }

    /** The first of {@link #POSITION_FIELDS} a JSON cursor holds as an ISO-8601 instant, or null. */
    static Instant cursorPosition(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(cursor);
            if (n == null || !n.isObject()) {
                return null;
            }
            for (String field : POSITION_FIELDS) {
                JsonNode v = n.get(field);
                if (v != null && v.isTextual()) {
                    return Instant.parse(v.asText());
                }
            }
            return null;
        } catch (IOException | DateTimeParseException e) {
            // A cursor the page cannot read is the source's own business: fall back to the last poll.
            return null;
        }
    }

    private static StatusSnapshot.Outbox outbox(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT "
                + "(SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'), "
                + "(SELECT COUNT(*) FROM outbox WHERE status = 'SENT' AND sent_at > ?), "
                + "(SELECT COUNT(*) FROM outbox WHERE status = 'DEAD'), "
                + "(SELECT MIN(created_at) FROM outbox WHERE status = 'PENDING')")) {
            ps.setTimestamp(1, Timestamp.from(now.minus(Duration.ofHours(1))));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new StatusSnapshot.Outbox(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        instant(rs.getTimestamp(4)));
            }
        }
    }

    private static List<StatusSnapshot.DeadLetterGroup> deadLetters(Connection c) throws SQLException {
        List<StatusSnapshot.DeadLetterGroup> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT d.kind, d.error_code, g.n, d.created_at, "
                + "d.error_message FROM (SELECT kind, error_code, COUNT(*) AS n, MAX(id) AS last_id FROM dead_letter "
                + "WHERE status = 'OPEN' GROUP BY kind, error_code) g JOIN dead_letter d ON d.id = g.last_id "
                + "ORDER BY g.n DESC, d.kind, d.error_code");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StatusSnapshot.DeadLetterGroup(rs.getString(1), rs.getString(2), rs.getLong(3),
                        instant(rs.getTimestamp(4)), rs.getString(5)));
            }
        }
        return out;
    }

    private static Map<String, Long> openDeadLettersByOrigin(Connection c) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT origin, COUNT(*) FROM dead_letter WHERE status = 'OPEN' "
                + "GROUP BY origin");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** Buyers per stage, by each buyer's latest transition; main-path stages first, in path order. */
    private static List<StatusSnapshot.StageCount> funnel(Connection c) throws SQLException {
        List<StatusSnapshot.StageCount> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.to_stage, COUNT(*) FROM stage_transition t "
                + "JOIN (SELECT buyer_id, MAX(id) AS last_id FROM stage_transition GROUP BY buyer_id) l "
                + "ON t.id = l.last_id "
                // Buyers merged into another keep their history for an unmerge; they are not counted.
                + "WHERE NOT EXISTS (SELECT 1 FROM merge_event m WHERE m.absorbed_id = t.buyer_id "
                + "AND m.undone_at IS NULL) GROUP BY t.to_stage");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StatusSnapshot.StageCount(rs.getString(1), rs.getLong(2)));
            }
        }
        out.sort(Comparator.comparingInt((StatusSnapshot.StageCount s) -> stageOrder(s.stage()))
                .thenComparing(StatusSnapshot.StageCount::stage));
        return out;
    }

    private static int stageOrder(String stage) {
        for (FunnelStage s : FunnelStage.values()) {
            if (s.name().equals(stage)) {
                return s.ordinal();
            }
        }
        return Integer.MAX_VALUE;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
