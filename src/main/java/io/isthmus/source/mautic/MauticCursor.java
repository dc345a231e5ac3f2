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
 * @param events          the activity-events pass: which page comes next, from when, the latest event seen
 *
 * <p>Activity events ({@code /api/contacts/activity}) are read after the contacts in every poll, oldest first, by
 * page number with {@code dateFrom} fixed for the pass: new events only append at the end, so pages do not shift.
 * The next pass starts the overlap before the latest event seen; events read twice are kept once, by eventId.
 */
public record MauticCursor(long backfillAfterId, Instant backfillStart, KeysetCursor keyset, Events events) {

    /**
     * @param from   dateFrom of the pass; null: from the beginning
     * @param page   next page of the pass in progress; 0 when no events pass is in progress
     * @param latest latest event time seen so far (carried across passes)
     */
    public record Events(Instant from, int page, Instant latest) {
        public static final Events NONE = new Events(null, 0, null);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final MauticCursor INITIAL = new MauticCursor(0, null, KeysetCursor.INITIAL, Events.NONE);

    public boolean backfill() {
        return backfillAfterId >= 0;
    }

    public MauticCursor startedAt(Instant now) {
        return backfillStart != null || !backfill() ? this : new MauticCursor(backfillAfterId, now, keyset, events);
    }

    public MauticCursor afterId(long id) {
        return new MauticCursor(id, backfillStart, keyset, events);
    }

    public MauticCursor backfillDone() {
        return new MauticCursor(-1, backfillStart, new KeysetCursor(backfillStart, null, 0, 0, null), events);
    }

    public MauticCursor with(KeysetCursor k) {
        return new MauticCursor(backfillAfterId, backfillStart, k, events);
    }

    public MauticCursor with(Events e) {
        return new MauticCursor(backfillAfterId, backfillStart, keyset, e);
    }

    /** Starts an events pass unless one is in progress: from the latest event seen less the overlap. */
    public MauticCursor eventsPassAt(java.time.Duration overlap) {
        if (events.page() > 0) {
            return this;
        }
        Instant from = events.latest() == null ? null : events.latest().minus(overlap);
        return with(new Events(from, 1, events.latest()));
    }

    public boolean contactsInPass() {
        return backfill() || keyset.inPass();
    }

    /** True while a backfill, a contacts pass or an events pass is in progress. */
    public boolean inPass() {
        return contactsInPass() || events.page() > 0;
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("backfillAfterId", backfillAfterId);
        n.put("backfillStart", backfillStart == null ? null : backfillStart.toString());
        n.set("keyset", read(keyset.toJson()));
        ObjectNode e = n.putObject("events");
        e.put("from", events.from() == null ? null : events.from().toString());
        e.put("page", events.page());
        e.put("latest", events.latest() == null ? null : events.latest().toString());
        return n.toString();
    }

    public static MauticCursor fromJson(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            JsonNode start = n.get("backfillStart");
            return new MauticCursor(n.path("backfillAfterId").asLong(), start == null || start.isNull() ? null
                    : Instant.parse(start.asText()), KeysetCursor.fromJson(n.path("keyset").toString()),
                    new Events(instant(n.path("events"), "from"), n.path("events").path("page").asInt(0),
                            instant(n.path("events"), "latest")));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("stored Mautic cursor is unreadable: " + text, e);
        }
    }

    private static Instant instant(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : Instant.parse(v.asText());
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
