package io.isthmus.source.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Where the HubSpot email events poll stands. A pass reads the fixed window [{@code from}, {@code to}] of event
 * creation times page by page with HubSpot's {@code offset}; the window stays fixed for the pass, so the offset keeps
 * its meaning across polls and restarts. When {@code hasMore} is false the pass is complete and
 * {@code completedUntil} moves to its end; the next pass starts {@code overlap} before it (events are kept once by
 * their id, so a re-read adds nothing).
 *
 * @param completedUntil the end of the last complete pass; null before the first
 * @param from           the window's start (inclusive, epoch ms precision); null between passes
 * @param to             the window's end; null between passes
 * @param offset         HubSpot's offset for the next page of the pass; null for its first page
 * @param backfill       true while the first pass (the backfill) runs
 */
public record HubSpotEmailEventsCursor(Instant completedUntil, Instant from, Instant to, String offset,
                                       boolean backfill) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final HubSpotEmailEventsCursor INITIAL = new HubSpotEmailEventsCursor(null, null, null, null, false);

    public boolean inPass() {
        return from != null;
    }

    /** The pass to run now: the one in progress, or a new one up to {@code now}. */
    public HubSpotEmailEventsCursor passAt(Instant now, Duration overlap, Duration backfillSpan) {
        if (inPass()) {
            return this;
        }
        if (completedUntil == null) {
            return new HubSpotEmailEventsCursor(null, now.minus(backfillSpan), now, null, true);
        }
        Instant start = completedUntil.minus(overlap);
        return new HubSpotEmailEventsCursor(completedUntil, start.isAfter(now) ? now : start, now, null, false);
    }

    /** A page was read and {@code hasMore}: the next page is at {@code nextOffset}. */
    public HubSpotEmailEventsCursor next(String nextOffset) {
        return new HubSpotEmailEventsCursor(completedUntil, from, to, nextOffset, backfill);
    }

    /** The last page of the pass was read. */
    public HubSpotEmailEventsCursor finished() {
        return new HubSpotEmailEventsCursor(to, null, null, null, false);
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        put(n, "completedUntil", completedUntil);
        put(n, "from", from);
        put(n, "to", to);
        if (offset != null) {
            n.put("offset", offset);
        }
        n.put("backfill", backfill);
        return n.toString();
    }

    public static HubSpotEmailEventsCursor fromJson(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return new HubSpotEmailEventsCursor(instant(n, "completedUntil"), instant(n, "from"), instant(n, "to"),
                    n.path("offset").isTextual() ? n.get("offset").asText() : null, n.path("backfill").asBoolean());
        } catch (IOException e) {
            throw new IllegalStateException("stored HubSpot email events cursor is not JSON: " + e.getMessage(), e);
        }
    }

    private static void put(ObjectNode n, String name, Instant value) {
        if (value != null) {
            n.put(name, value.toString());
        }
    }

    private static Instant instant(JsonNode n, String name) {
        return n.path(name).isTextual() ? Instant.parse(n.get(name).asText()) : null;
    }
}
