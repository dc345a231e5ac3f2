package io.isthmus.source.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where the HubSpot activities poll stands: one pass reads every configured engagement type in turn (emails, then
 * meetings, …) over the same window of {@code hs_lastmodifieddate}, each with the keyset of {@link HubSpotCursor}.
 * When the last type is done the pass is complete and the next starts {@code overlap} before its end.
 *
 * @param type    the engagement object type being read; null between passes
 * @param keyset  the window and the last hs_object_id applied of that type
 */
public record HubSpotActivityCursor(String type, HubSpotCursor keyset) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final HubSpotActivityCursor INITIAL = new HubSpotActivityCursor(null, HubSpotCursor.INITIAL);

    public boolean inPass() {
        return keyset.inPass();
    }

    /**
     * The pass to run now: the one in progress, or a new one over all {@code types}. A stored type no longer
     * configured restarts the pass's types from the first, in the same window (records read twice are kept once).
     */
    public HubSpotActivityCursor passAt(Instant now, Duration overlap, List<String> types) {
        if (inPass()) {
            return types.contains(type) ? this : new HubSpotActivityCursor(types.get(0), keyset.after("0"));
        }
        return new HubSpotActivityCursor(types.get(0), keyset.passAt(now, overlap));
    }

    public HubSpotActivityCursor after(String lastId) {
        return new HubSpotActivityCursor(type, keyset.after(lastId));
    }

    /** The current type is read to its end: the next type in the same window, or the pass is complete. */
    public HubSpotActivityCursor typeDone(List<String> types) {
        int i = types.indexOf(type);
        if (i >= 0 && i + 1 < types.size()) {
            return new HubSpotActivityCursor(types.get(i + 1), keyset.after("0"));
        }
        return new HubSpotActivityCursor(null, keyset.finished());
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        n.set("keyset", read(keyset.toJson()));
        return n.toString();
    }

    public static HubSpotActivityCursor fromJson(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return new HubSpotActivityCursor(n.path("type").isTextual() ? n.get("type").asText() : null,
                    HubSpotCursor.fromJson(n.path("keyset").toString()));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("stored HubSpot activities cursor is unreadable: " + text, e);
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
