package io.isthmus.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a poll over a time-sorted feed stands (Matomo visits by last-action time, Mautic contacts by date
 * modified). A pass pages with a keyset on that time, in whole seconds:
 * {@code minTimestamp} is the time of the last record applied, and {@code skip} counts the records at exactly
 * that second already applied. An offset would skip a record whenever an earlier one changes and moves to the
 * end (a visit gaining an action, a contact edited during the pass); the keyset cannot: the moved record is
 * simply read again, and upserted. When a page comes back short the pass is complete: {@code completedUntil}
 * becomes the latest time seen, and the next pass starts {@code overlap} before it, which re-reads late writes
 * (and visits still going on).
 *
 * @param completedUntil latest time seen in the last finished pass; null before the first (backfill)
 * @param passFrom       where the pass in progress started; null between passes
 * @param minTimestamp   the keyset of the next page (unix seconds)
 * @param skip           records at exactly {@code minTimestamp} already applied in this pass
 * @param latest         the latest time seen in this pass
 */
public record KeysetCursor(Instant completedUntil, Instant passFrom, long minTimestamp, int skip, Instant latest) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final KeysetCursor INITIAL = new KeysetCursor(null, null, 0, 0, null);

    public boolean inPass() {
        return passFrom != null;
    }

    public boolean backfill() {
        return completedUntil == null;
    }

    public KeysetCursor passAt(Duration overlap, Instant backfillFrom) {
        if (inPass()) {
            return this;
        }
        Instant from = completedUntil == null ? backfillFrom : completedUntil.minus(overlap);
        return new KeysetCursor(completedUntil, from, from.getEpochSecond(), 0, completedUntil);
    }

    /**
     * After a full page whose latest last-action second is {@code pageMax}, holding {@code atMax} visits at
     * that second.
     */
    public KeysetCursor after(long pageMax, int atMax) {
        Instant l = latest == null || Instant.ofEpochSecond(pageMax).isAfter(latest) ? Instant.ofEpochSecond(pageMax)
                : latest;
        int nextSkip = pageMax == minTimestamp ? skip + atMax : atMax;
        return new KeysetCursor(completedUntil, passFrom, pageMax, nextSkip, l);
    }

    /** The pass is complete; {@code pageMax} is the last page's latest second (or -1 for an empty page). */
    public KeysetCursor finished(long pageMax) {
        Instant l = latest;
        if (pageMax >= 0 && (l == null || Instant.ofEpochSecond(pageMax).isAfter(l))) {
            l = Instant.ofEpochSecond(pageMax);
        }
        Instant done = l == null ? (completedUntil == null ? passFrom : completedUntil) : l;
        return new KeysetCursor(done, null, 0, 0, null);
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

    public static KeysetCursor fromJson(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return new KeysetCursor(instant(n, "completedUntil"), instant(n, "passFrom"),
                    n.path("minTimestamp").asLong(), n.path("skip").asInt(), instant(n, "latest"));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("stored cursor is unreadable: " + text, e);
        }
    }

    private static Instant instant(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : Instant.parse(v.asText());
    }
}
