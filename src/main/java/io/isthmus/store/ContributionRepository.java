package io.isthmus.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.buyer.NormalizedContact;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The latest normalized values of every source contact, keyed by its source identity ({@code system:sourceId})
 * and not by buyer: a merge moves links, never these rows, so an unmerge can hand each side what arrived later.
 */
public final class ContributionRepository {

    /** A stored contribution and when isthmus stored it. */
    public record Stored(NormalizedContact contact, Instant storedAt) {
    }

    private static final String UPDATE = "UPDATE contribution SET modified_at = ?, fields = ?, stored_at = ? "
            + "WHERE system = ? AND source_id = ?";
    private static final String INSERT = "INSERT INTO contribution (system, source_id, modified_at, fields, "
            + "stored_at) VALUES (?,?,?,?,?)";

    private final ObjectMapper json = new ObjectMapper();

    public void save(Connection c, NormalizedContact k, Instant now) throws SQLException {
        String fields = toJson(k);
        int n = Sql.update(c, UPDATE, k.modifiedAt(), fields, now, k.system(), k.sourceId());
        if (n == 0) {
            Sql.update(c, INSERT, k.system(), k.sourceId(), k.modifiedAt(), fields, now);
        }
    }

    /**
     * Queues the contact's values: an insert when {@code exists} is false (the caller knows no row is stored for the
     * source record), else an update. A page queues one write per source record (see {@code PageState}), so the two
     * statements' rows never race each other inside one batch.
     */
    public void save(Batch batch, NormalizedContact k, boolean exists, Instant now) {
        String fields = toJson(k);
        if (exists) {
            batch.add(UPDATE, k.modifiedAt(), fields, now, k.system(), k.sourceId());
        } else {
            batch.add(INSERT, k.system(), k.sourceId(), k.modifiedAt(), fields, now);
        }
    }

    /** Which of one system's source records have a stored contribution, for a page in one query per 500. */
    public Set<String> existing(Connection c, String system, Collection<String> sourceIds) throws SQLException {
        Set<String> out = new HashSet<>();
        List<String> all = new ArrayList<>(sourceIds);
        for (int i = 0; i < all.size(); i += BuyerRepository.IN_CHUNK) {
            List<String> part = all.subList(i, Math.min(all.size(), i + BuyerRepository.IN_CHUNK));
            // Row values, so the primary key serves every pair (see SourceLinkRepository#buyersFor).
            out.addAll(Sql.query(c, "SELECT source_id FROM contribution WHERE (system, source_id) IN "
                    + Sql.pairMarkers(part.size()), rs -> rs.getString(1), Sql.pairs(system, part)));
        }
        return out;
    }

    public boolean exists(Connection c, String system, String sourceId) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM contribution WHERE system = ? AND source_id = ?", system,
                sourceId) > 0;
    }

    public Optional<Stored> find(Connection c, String system, String sourceId) throws SQLException {
        return Sql.one(c, "SELECT modified_at, fields, stored_at FROM contribution WHERE system = ? AND source_id = ?",
                rs -> new Stored(fromJson(system, sourceId, Sql.instant(rs, "modified_at"), rs.getString("fields")),
                        Sql.instant(rs, "stored_at")), system, sourceId);
    }

    /** The fields as one JSON object, nulls included, in a fixed order; streamed, no tree built on the way. */
    String toJson(NormalizedContact k) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("email", k.email());
            g.writeStringField("emailOriginal", k.emailOriginal());
            g.writeStringField("firstName", k.firstName());
            g.writeStringField("lastName", k.lastName());
            g.writeStringField("company", k.company());
            g.writeStringField("phone", k.phone());
            g.writeStringField("jobTitle", k.jobTitle());
            g.writeStringField("country", k.country());
            g.writeStringField("website", k.website());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string cannot fail", e);
        }
        return out.toString();
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
