package io.isthmus.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * CRM commands waiting to be sent. A row is written in the transaction of the buyer change that caused it, claimed
 * by one sender for a lease, and marked sent only after the CRM confirmed it; an expired lease (a crashed sender)
 * makes the row claimable again.
 */
public final class OutboxRepository {

    /** What {@link #enqueue} did. */
    public enum Enqueued { QUEUED, COALESCED, UNCHANGED }

    /** A claimed row; {@code attempts} counts this claim. */
    public record OutboxRow(long id, String buyerId, String sobject, String externalId, String payload,
                            String payloadHash, int attempts) {
    }

    private final boolean skipLocked;

    /** @param skipLocked claim with {@code FOR UPDATE SKIP LOCKED} (PostgreSQL), so several senders never block */
    public OutboxRepository(boolean skipLocked) {
        this.skipLocked = skipLocked;
    }

    /**
     * Queues {@code payload} for the record. A still-unclaimed row for the same record takes the newer payload
     * instead of queuing a second send; a payload equal to what the CRM last confirmed is not queued at all.
     */
    public Enqueued enqueue(Connection c, String buyerId, String sobject, String externalId, String payload,
                            Instant now) throws SQLException {
        String hash = sha256(payload);
        // One round trip: the newest unclaimed pending row, whether any row is in flight, what the CRM confirmed.
        Object[] state = Sql.one(c, "SELECT (SELECT MAX(id) FROM outbox WHERE sobject = ? AND external_id = ? "
                        + "AND status = 'PENDING' AND claimed_by IS NULL), "
                        + "(SELECT COUNT(*) FROM outbox WHERE sobject = ? AND external_id = ? AND status = 'PENDING'), "
                        + "(SELECT confirmed_hash FROM crm_record WHERE sobject = ? AND external_id = ?)",
                rs -> new Object[] {rs.getObject(1) == null ? null : rs.getLong(1), rs.getLong(2), rs.getString(3)},
                sobject, externalId, sobject, externalId, sobject, externalId).orElseThrow();
        Long pending = (Long) state[0];
        if (pending != null) {
            // The buyer too: a record can change owner (a touch moved by a merge), and the sink looks its parent up
            // through the row's buyer.
            Sql.update(c, "UPDATE outbox SET buyer_id = ?, payload = ?, payload_hash = ?, updated_at = ? WHERE id = ?",
                    buyerId, payload, hash, now, pending);
            return Enqueued.COALESCED;
        }
        boolean inFlight = (Long) state[1] > 0;
        if (!inFlight && hash.equals(state[2])) {
            return Enqueued.UNCHANGED;
        }
        Sql.update(c, "INSERT INTO outbox (buyer_id, sobject, external_id, payload, payload_hash, status, attempts, "
                        + "created_at, updated_at) VALUES (?,?,?,?,?,'PENDING',0,?,?)", buyerId, sobject, externalId,
                payload, hash, now, now);
        return Enqueued.QUEUED;
    }

    /**
     * Queues the first payload of a record the CRM has never been sent (its buyer was created in the caller's
     * transaction): no pending row to coalesce with and no confirmed payload to compare, so nothing is read.
     */
    public void enqueueFirst(Batch batch, String buyerId, String sobject, String externalId, String payload,
                             Instant now) {
        batch.add("INSERT INTO outbox (buyer_id, sobject, external_id, payload, payload_hash, status, attempts, "
                + "created_at, updated_at) VALUES (?,?,?,?,?,'PENDING',0,?,?)", buyerId, sobject, externalId,
                payload, sha256(payload), now, now);
    }

    /** Claims up to {@code limit} sendable rows of one sObject type for {@code owner}, oldest first. */
    public List<OutboxRow> claim(Connection c, String sobject, String owner, int limit, Duration lease, Instant now)
            throws SQLException {
        List<OutboxRow> rows = Sql.query(c, "SELECT id, buyer_id, sobject, external_id, payload, payload_hash, "
                        + "attempts FROM outbox WHERE status = 'PENDING' AND sobject = ? "
                        + "AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT ? FOR UPDATE"
                        + (skipLocked ? " SKIP LOCKED" : ""),
                rs -> new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7) + 1), sobject, now, limit);
        Instant until = now.plus(lease);
        // One batched statement: a Bulk API job claims up to 100,000 rows at once.
        try (java.sql.PreparedStatement ps = c.prepareStatement("UPDATE outbox SET claimed_by = ?, "
                + "claimed_until = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?")) {
            for (OutboxRow r : rows) {
                ps.setString(1, owner);
                ps.setTimestamp(2, java.sql.Timestamp.from(until));
                ps.setTimestamp(3, java.sql.Timestamp.from(now));
                ps.setLong(4, r.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return rows;
    }

    /** The CRM confirmed the row: done, and remembered so an identical payload is not sent again. */
    public boolean markSent(Connection c, OutboxRow row, String owner, String crmId, Instant now)
            throws SQLException {
        int n = Sql.update(c, "UPDATE outbox SET status = 'SENT', crm_id = ?, sent_at = ?, updated_at = ?, "
                + "claimed_by = NULL, claimed_until = NULL, last_error = NULL WHERE id = ? AND claimed_by = ?",
                crmId, now, now, row.id(), owner);
        if (n == 0) {
            return false;
        }
        int m = Sql.update(c, "UPDATE crm_record SET crm_id = COALESCE(?, crm_id), confirmed_hash = ?, "
                + "confirmed_payload = ?, confirmed_at = ? WHERE sobject = ? AND external_id = ?", crmId,
                row.payloadHash(), row.payload(), now, row.sobject(), row.externalId());
        if (m == 0) {
            Sql.update(c, "INSERT INTO crm_record (sobject, external_id, crm_id, confirmed_hash, confirmed_payload, "
                    + "confirmed_at) VALUES (?,?,?,?,?,?)", row.sobject(), row.externalId(), crmId, row.payloadHash(),
                    row.payload(), now);
        }
        return true;
    }

    /** The CRM refused the row for good: it leaves the outbox (the caller writes the dead letter). */
    public void markDead(Connection c, OutboxRow row, String owner, String error, Instant now) throws SQLException {
        Sql.update(c, "UPDATE outbox SET status = 'DEAD', last_error = ?, updated_at = ?, claimed_by = NULL, "
                + "claimed_until = NULL WHERE id = ? AND claimed_by = ?", Sql.fit(error, 2000), now, row.id(), owner);
    }

    /**
     * Gives the row back for a later attempt (a transient failure), keeping the error for operators. It is not
     * claimable before {@code notBefore}, so a drain does not hammer a locked record in a tight loop.
     */
    public void release(Connection c, OutboxRow row, String owner, String error, Instant now, Instant notBefore)
            throws SQLException {
        Sql.update(c, "UPDATE outbox SET claimed_by = NULL, claimed_until = ?, last_error = ?, updated_at = ? "
                + "WHERE id = ? AND claimed_by = ?", notBefore, Sql.fit(error, 2000), now, row.id(), owner);
    }

    /**
     * Gives the row back without counting this attempt: the call failed for a reason that is not the record's
     * (the org's API limit, the integration's login), so waiting must not push it towards dead letters.
     */
    public void releaseUncounted(Connection c, OutboxRow row, String owner, String error, Instant now)
            throws SQLException {
        Sql.update(c, "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL, attempts = attempts - 1, "
                + "last_error = ?, updated_at = ? WHERE id = ? AND claimed_by = ? AND attempts > 0",
                Sql.fit(error, 2000), now, row.id(), owner);
    }

    /** A newer row for the same record was claimed in the same batch; this older one is not sent. */
    public void supersede(Connection c, OutboxRow row, String owner, Instant now) throws SQLException {
        Sql.update(c, "UPDATE outbox SET status = 'SUPERSEDED', claimed_by = NULL, claimed_until = NULL, "
                + "updated_at = ? WHERE id = ? AND claimed_by = ?", now, row.id(), owner);
    }

    /**
     * Drops the record's pending rows no sender holds (the record can no longer be written, e.g. a converted Lead);
     * returns how many.
     */
    public int supersedePending(Connection c, String sobject, String externalId, Instant now) throws SQLException {
        return Sql.update(c, "UPDATE outbox SET status = 'SUPERSEDED', updated_at = ? WHERE sobject = ? "
                + "AND external_id = ? AND status = 'PENDING' AND claimed_by IS NULL", now, sobject, externalId);
    }

    /** Pending rows per sObject type that a sender could claim now. */
    public java.util.Map<String, Long> claimableByObject(Connection c, Instant now) throws SQLException {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        for (Object[] r : Sql.query(c, "SELECT sobject, COUNT(*) FROM outbox WHERE status = 'PENDING' "
                + "AND (claimed_until IS NULL OR claimed_until < ?) GROUP BY sobject",
                rs -> new Object[] {rs.getString(1), rs.getLong(2)}, now)) {
            out.put((String) r[0], (Long) r[1]);
        }
        return out;
    }

    /** Pending rows of one sObject type that a sender could claim now. */
    public long claimable(Connection c, String sobject, Instant now) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM outbox WHERE status = 'PENDING' AND sobject = ? "
                + "AND (claimed_until IS NULL OR claimed_until < ?)", sobject, now);
    }

    /**
     * Queues a dead-lettered row again (an operator's retry). Refused (false) when the row is not dead or a newer
     * row for the same record was queued or sent since: re-sending the old values would overwrite newer ones.
     */
    public boolean requeue(Connection c, long outboxId, Instant now) throws SQLException {
        return Sql.update(c, "UPDATE outbox AS o SET status = 'PENDING', attempts = 0, claimed_by = NULL, "
                + "claimed_until = NULL, last_error = NULL, updated_at = ? WHERE o.id = ? AND o.status = 'DEAD' "
                + "AND NOT EXISTS (SELECT 1 FROM outbox n WHERE n.sobject = o.sobject "
                + "AND n.external_id = o.external_id AND n.id > o.id AND n.status IN ('PENDING', 'SENT'))",
                now, outboxId) == 1;
    }

    /** A record the CRM confirmed in a replayed time range, with the last payload it confirmed. */
    public record Confirmed(String buyerId, String sobject, String externalId, String payload, String payloadHash,
                            boolean pending) {
    }

    /**
     * Every record with a send confirmed in {@code [from, to)} (of one sObject type, or all when null), once, with
     * the newest payload the CRM confirmed for it: that is what a replay sends again, never an older version that
     * would overwrite newer values. {@code pending} is true when a newer change is queued already.
     */
    public List<Confirmed> confirmedBetween(Connection c, Instant from, Instant to, String sobject)
            throws SQLException {
        return Sql.query(c, "SELECT o.buyer_id, o.sobject, o.external_id, o.payload, o.payload_hash, "
                        + "(SELECT COUNT(*) FROM outbox p WHERE p.sobject = o.sobject AND p.external_id = o.external_id "
                        + "AND p.status = 'PENDING') FROM outbox o WHERE o.status = 'SENT' "
                        + "AND o.id = (SELECT MAX(n.id) FROM outbox n WHERE n.sobject = o.sobject "
                        + "AND n.external_id = o.external_id AND n.status = 'SENT') "
                        + "AND EXISTS (SELECT 1 FROM outbox r WHERE r.sobject = o.sobject "
                        + "AND r.external_id = o.external_id AND r.status = 'SENT' AND r.sent_at >= ? AND r.sent_at < ?) "
                        + "AND (CAST(? AS VARCHAR(64)) IS NULL OR o.sobject = ?) ORDER BY o.id",
                rs -> new Confirmed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6) > 0), from, to, sobject, sobject);
    }

    /**
     * Queues {@code records} to be sent again as they are, past the no-op check (which would skip them: the CRM
     * confirmed exactly these values). One batched statement.
     */
    public void requeueConfirmed(Connection c, List<Confirmed> records, Instant now) throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (buyer_id, sobject, external_id, "
                + "payload, payload_hash, status, attempts, created_at, updated_at) VALUES (?,?,?,?,?,'PENDING',0,?,?)")) {
            for (Confirmed r : records) {
                ps.setString(1, r.buyerId());
                ps.setString(2, r.sobject());
                ps.setString(3, r.externalId());
                ps.setString(4, r.payload());
                ps.setString(5, r.payloadHash());
                ps.setTimestamp(6, java.sql.Timestamp.from(now));
                ps.setTimestamp(7, java.sql.Timestamp.from(now));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Whether a row for the record is waiting to be sent or in flight. */
    public boolean isQueued(Connection c, String sobject, String externalId) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM outbox WHERE sobject = ? AND external_id = ? AND status = 'PENDING'",
                sobject, externalId) > 0;
    }

    /** Pending rows no sender holds right now. */
    public long claimable(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM outbox WHERE status = 'PENDING' AND claimed_by IS NULL");
    }

    /** A queued payload next to what the CRM last confirmed for the same record (null when never confirmed). */
    public record PendingChange(long id, String sobject, String externalId, String payload, String confirmedPayload) {
    }

    public List<PendingChange> pendingChanges(Connection c) throws SQLException {
        return Sql.query(c, "SELECT o.id, o.sobject, o.external_id, o.payload, r.confirmed_payload FROM outbox o "
                + "LEFT JOIN crm_record r ON r.sobject = o.sobject AND r.external_id = o.external_id "
                + "WHERE o.status = 'PENDING' ORDER BY o.id", rs -> new PendingChange(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5)));
    }

    /** Rows Salesforce confirmed, per sObject type (sorted by type). */
    public java.util.Map<String, Long> sentByObject(Connection c) throws SQLException {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        for (Object[] r : Sql.query(c, "SELECT sobject, COUNT(*) FROM outbox WHERE status = 'SENT' GROUP BY sobject",
                rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
            out.put((String) r[0], (Long) r[1]);
        }
        return out;
    }

    public long depth(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'");
    }

    public long count(Connection c, String status) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM outbox WHERE status = ?", status);
    }

    /** One digest per thread: looking the algorithm up costs a third of hashing a payload. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    });
    private static final HexFormat HEX = HexFormat.of();

    static String sha256(String text) {
        // digest() resets the digest, also for the next payload of this thread.
        return HEX.formatHex(SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
