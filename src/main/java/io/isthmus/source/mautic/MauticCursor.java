package io.isthmus.source.mautic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.source.KeysetCursor;
import java.time.Instant;

/**
 * Where the Mautic poll stands. The first load pages by contact id ({@code id > backfillAfterId}, ascending):
 * a contact never modified has no date_modified, so only the id reaches every contact, and ids never move.
 * Once the ids run out, passes follow date_modified with a {@link KeysetCursor}, starting from when the
 * backfill began (less the overlap), so contacts edited during the backfill are read again.
 *
 * @param backfillAfterId highest contact id applied by the backfill; -1 once the backfill is complete
 * @param backfillStart   when the backfill began; null before it did
 * @param keyset          the date_modified cursor of the incremental passes
 */
public record MauticCursor(long backfillAfterId, Instant backfillStart, KeysetCursor keyset) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final MauticCursor INITIAL = new MauticCursor(0, null, KeysetCursor.INITIAL);

    public boolean backfill() {
        return backfillAfterId >= 0;
    }

    public MauticCursor startedAt(Instant now) {
        return backfillStart != null || !backfill() ? this : new MauticCursor(backfillAfterId, now, keyset);
    }

    public MauticCursor afterId(long id) {
        return new MauticCursor(id, backfillStart, keyset);
    }

    public MauticCursor backfillDone() {
        return new MauticCursor(-1, backfillStart, new KeysetCursor(backfillStart, null, 0, 0, null));
    }

    public MauticCursor with(KeysetCursor k) {
        return new MauticCursor(backfillAfterId, backfillStart, k);
    }

    /** True while a backfill or an incremental pass is in progress. */
    public boolean inPass() {
        return backfill() || keyset.inPass();
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("backfillAfterId", backfillAfterId);
        n.put("backfillStart", backfillStart == null ? null : backfillStart.toString());
        n.set("keyset", read(keyset.toJson()));
        return n.toString();
    }

    public static MauticCursor fromJson(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            JsonNode start = n.get("backfillStart");
            return new MauticCursor(n.path("backfillAfterId").asLong(), start == null || start.isNull() ? null
                    : Instant.parse(start.asText()), KeysetCursor.fromJson(n.path("keyset").toString()));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("stored Mautic cursor is unreadable: " + text, e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
