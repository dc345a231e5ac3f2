package io.isthmus.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.buyer.NormalizedContact;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The latest normalized values of every source contact, keyed by its source identity ({@code system:sourceId})
 * and not by buyer: a merge moves links, never these rows, so an unmerge can hand each side what arrived later.
 */
public final class ContributionRepository {

    /** A stored contribution and when isthmus stored it. */
    public record Stored(NormalizedContact contact, Instant storedAt) {
    }

    private final ObjectMapper json = new ObjectMapper();

    public void save(Connection c, NormalizedContact k, Instant now) throws SQLException {
        String fields = toJson(k);
        int n = Sql.update(c, "UPDATE contribution SET modified_at = ?, fields = ?, stored_at = ? "
                + "WHERE system = ? AND source_id = ?", k.modifiedAt(), fields, now, k.system(), k.sourceId());
        if (n == 0) {
            Sql.update(c, "INSERT INTO contribution (system, source_id, modified_at, fields, stored_at) "
                    + "VALUES (?,?,?,?,?)", k.system(), k.sourceId(), k.modifiedAt(), fields, now);
        }
    }

    public Optional<Stored> find(Connection c, String system, String sourceId) throws SQLException {
        return Sql.one(c, "SELECT modified_at, fields, stored_at FROM contribution WHERE system = ? AND source_id = ?",
                rs -> new Stored(fromJson(system, sourceId, Sql.instant(rs, "modified_at"), rs.getString("fields")),
                        Sql.instant(rs, "stored_at")), system, sourceId);
    }

    private String toJson(NormalizedContact k) {
        ObjectNode o = json.createObjectNode();
        o.put("email", k.email());
        o.put("emailOriginal", k.emailOriginal());
        o.put("firstName", k.firstName());
        o.put("lastName", k.lastName());
        o.put("company", k.company());
        o.put("phone", k.phone());
        o.put("jobTitle", k.jobTitle());
        o.put("country", k.country());
        o.put("website", k.website());
        return o.toString();
    }

    private NormalizedContact fromJson(String system, String sourceId, Instant modifiedAt, String text)
            throws SQLException {
        try {
            JsonNode o = json.readTree(text);
            return new NormalizedContact(system, sourceId, modifiedAt, text(o, "email"), text(o, "emailOriginal"),
                    text(o, "firstName"), text(o, "lastName"), text(o, "company"), text(o, "phone"),
                    text(o, "jobTitle"), text(o, "country"), text(o, "website"));
        } catch (JsonProcessingException e) {
            throw new SQLException("contribution " + system + ":" + sourceId + " is unreadable", e);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
