package io.isthmus.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;

/**
 * Where a CRM read-back stands: changes since {@code since} (SystemModstamp), and the query locator of the page to
 * read next while a query is being paged. {@code maxSeen} collects the newest SystemModstamp of the query in
 * progress; it becomes {@code since} when the query's last page is applied.
 *
 * @param since   null before the first read-back finished: read everything
 * @param next    nextRecordsUrl of the query in progress, or null
 * @param maxSeen null when nothing was seen yet in the query in progress
 */
public record ReadBackCursor(Instant since, String next, Instant maxSeen) {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final ReadBackCursor INITIAL = new ReadBackCursor(null, null, null);

    public ReadBackCursor seen(Instant t) {
        return t == null || (maxSeen != null && !t.isAfter(maxSeen)) ? this : new ReadBackCursor(since, next, t);
    }

    public ReadBackCursor page(String nextRecordsUrl) {
        return new ReadBackCursor(since, nextRecordsUrl, maxSeen);
    }

    public ReadBackCursor done() {
        Instant newest = maxSeen == null ? since : (since == null || maxSeen.isAfter(since) ? maxSeen : since);
        return new ReadBackCursor(newest, null, null);
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("since", since == null ? null : since.toString());
        n.put("next", next);
        n.put("maxSeen", maxSeen == null ? null : maxSeen.toString());
        return n.toString();
    }

    public static ReadBackCursor fromJson(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return new ReadBackCursor(instant(n.get("since")), n.path("next").isTextual() ? n.get("next").asText() : null,
                    instant(n.get("maxSeen")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("stored read-back cursor is unreadable: " + text, e);
        }
    }

    private static Instant instant(JsonNode v) {
        return v == null || v.isNull() ? null : Instant.parse(v.asText());
    }
}
