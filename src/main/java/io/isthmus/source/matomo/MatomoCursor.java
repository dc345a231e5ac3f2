package io.isthmus.source.matomo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * Where the Matomo poll stands. Visits come sorted by last-action time; a pass pages with a keyset on it:
 * {@code minTimestamp} is the last-action time of the last visit applied, and {@code skip} counts the visits at
 * exactly that second already applied. An offset would skip a visit whenever an earlier one, still going on,
 * gains an action and moves to the end; the keyset cannot (the moved visit is simply read again, and upserted).
 * When a page comes back short the pass is complete: {@code completedUntil} becomes the latest last-action
 * time seen, and the next pass starts {@code overlap} before it, which re-reads the visits still going on.
 *
 * @param completedUntil latest last-action time of the last finished pass; null before the first (backfill)
 * @param passFrom       where the pass in progress started; null between passes
 * @param minTimestamp   the keyset of the next page (unix seconds)
 * @param skip           visits at exactly {@code minTimestamp} already applied in this pass
 * @param latest         the latest last-action time seen in this pass
 */
public record MatomoCursor(Instant completedUntil, Instant passFrom, long minTimestamp, int skip, Instant latest) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final MatomoCursor INITIAL = new MatomoCursor(null, null, 0, 0, null);

    public boolean inPass() {
        return passFrom != null;
    }

    public boolean backfill() {
        return completedUntil == null;
    }

    public MatomoCursor passAt(Duration overlap, Instant backfillFrom) {
        if (inPass()) {
            return this;
        }
        Instant from = completedUntil == null ? backfillFrom : completedUntil.minus(overlap);
        return new MatomoCursor(completedUntil, from, from.getEpochSecond(), 0, completedUntil);
    }

    /**
     * After a full page whose latest last-action second is {@code pageMax}, holding {@code atMax} visits at
     * that second.
     */
    public MatomoCursor after(long pageMax, int atMax) {
        Instant l = latest == null || Instant.ofEpochSecond(pageMax).isAfter(latest) ? Instant.ofEpochSecond(pageMax)
                : latest;
        int nextSkip = pageMax == minTimestamp ? skip + atMax : atMax;
        return new MatomoCursor(completedUntil, passFrom, pageMax, nextSkip, l);
    }

    /** The pass is complete; {@code pageMax} is the last page's latest second (or -1 for an empty page). */
    public MatomoCursor finished(long pageMax) {
        Instant l = latest;
        if (pageMax >= 0 && (l == null || Instant.ofEpochSecond(pageMax).isAfter(l))) {
            l = Instant.ofEpochSecond(pageMax);
        }
        Instant done = l == null ? (completedUntil == null ? passFrom : completedUntil) : l;
        return new MatomoCursor(done, null, 0, 0, null);
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("completedUntil", completedUntil == null ? null : completedUntil.toString());
        n.put("passFrom", passFrom == null ? null : passFrom.toString());
        n.put("minTimestamp", minTimestamp);
        n.put("skip", skip);
        n.put("latest", latest == null ? null : latest.toString());
        return n.toString();
    }

    public static MatomoCursor fromJson(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return new MatomoCursor(instant(n, "completedUntil"), instant(n, "passFrom"),
                    n.path("minTimestamp").asLong(), n.path("skip").asInt(), instant(n, "latest"));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("stored Matomo cursor is unreadable: " + text, e);
        }
    }

    private static Instant instant(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : Instant.parse(v.asText());
    }
}
