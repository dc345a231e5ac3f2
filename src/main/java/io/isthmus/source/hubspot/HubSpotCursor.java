package io.isthmus.source.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * Where the HubSpot contacts poll stands. A pass reads the window [windowStart, windowEnd] of lastmodifieddate in
 * ascending hs_object_id order, page after page, with {@code lastId} as the keyset; when the pass ends,
 * {@code completedUntil} becomes its windowEnd and the next pass starts {@code overlap} before it.
 *
 * <p>Why a keyset and not HubSpot's {@code after} offset: a contact edited during the pass leaves the window, which
 * shifts every later offset by one and skips a contact; {@code hs_object_id > lastId} cannot skip, and it never
 * reaches the 10,000-result cap of the search endpoint, since every page is a fresh query.
 *
 * @param completedUntil end of the last finished pass; null before the first one finished (full backfill)
 * @param windowStart    null when no pass is in progress
 * @param windowEnd      null when no pass is in progress
 * @param lastId         the highest hs_object_id applied in the pass in progress; "0" at its start
 */
public record HubSpotCursor(Instant completedUntil, Instant windowStart, Instant windowEnd, String lastId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final HubSpotCursor INITIAL = new HubSpotCursor(null, null, null, null);

    public boolean inPass() {
        return windowEnd != null;
    }

    /** The pass to run now: the one in progress, or a new one from the last end (less the overlap) to now. */
    public HubSpotCursor passAt(Instant now, Duration overlap) {
        if (inPass()) {
            return this;
        }
        Instant start = completedUntil == null ? Instant.EPOCH : completedUntil.minus(overlap);
        return new HubSpotCursor(completedUntil, start, now, "0");
    }

    public HubSpotCursor after(String id) {
        return new HubSpotCursor(completedUntil, windowStart, windowEnd, id);
    }

    public HubSpotCursor finished() {
        return new HubSpotCursor(windowEnd, null, null, null);
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("completedUntil", completedUntil == null ? null : completedUntil.toString());
        n.put("windowStart", windowStart == null ? null : windowStart.toString());
        n.put("windowEnd", windowEnd == null ? null : windowEnd.toString());
        n.put("lastId", lastId);
        return n.toString();
    }

    public static HubSpotCursor fromJson(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return new HubSpotCursor(instant(n, "completedUntil"), instant(n, "windowStart"),
                    instant(n, "windowEnd"), n.path("lastId").isTextual() ? n.get("lastId").asText() : null);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("stored HubSpot cursor is unreadable: " + text, e);
        }
    }

    private static Instant instant(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : Instant.parse(v.asText());
    }
}
