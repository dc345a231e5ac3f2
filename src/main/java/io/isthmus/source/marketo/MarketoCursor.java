package io.isthmus.source.marketo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * Where the Marketo poll stands. A pass reads, from one paging token ({@code sinceToken}, for
 * {@code passFrom}), first the lead changes, then the activities, each page after page with Marketo's
 * {@code nextPageToken} ({@code pageToken}). When the activities run out the pass is complete and
 * {@code completedUntil} becomes the pass's start; the next pass begins {@code overlap} before it, so activities
 * Marketo records late are read (and the ones seen twice are kept once, by their GUID).
 *
 * @param completedUntil start of the last finished pass; null before the first one finished (backfill)
 * @param passFrom       the sinceDatetime of the pass in progress; null between passes
 * @param passStart      when the pass in progress began; null between passes
 * @param sinceToken     Marketo's paging token for passFrom; null until fetched
 * @param stream         what the pass is reading now
 * @param pageToken      the token of the next page of {@code stream}
 */
public record MarketoCursor(Instant completedUntil, Instant passFrom, Instant passStart, String sinceToken,
                            Stream stream, String pageToken) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Stream { LEAD_CHANGES, ACTIVITIES }

    public static final MarketoCursor INITIAL = new MarketoCursor(null, null, null, null, null, null);

    public boolean inPass() {
        return passStart != null;
    }

    public boolean backfill() {
        return completedUntil == null;
    }

    /** The pass to run now: the one in progress, or a new one from the last start less the overlap. */
    public MarketoCursor passAt(Instant now, Duration overlap, Instant backfillFrom) {
        if (inPass()) {
            return this;
        }
        Instant from = completedUntil == null ? backfillFrom : completedUntil.minus(overlap);
        return new MarketoCursor(completedUntil, from, now, null, Stream.LEAD_CHANGES, null);
    }

    public MarketoCursor withSinceToken(String token) {
        return new MarketoCursor(completedUntil, passFrom, passStart, token, stream, token);
    }

    public MarketoCursor next(String token) {
        return new MarketoCursor(completedUntil, passFrom, passStart, sinceToken, stream, token);
    }

    /** Lead changes are read up to now: the activities start from the pass's own token. */
    public MarketoCursor toActivities() {
        return new MarketoCursor(completedUntil, passFrom, passStart, sinceToken, Stream.ACTIVITIES, sinceToken);
    }

    public MarketoCursor finished() {
        return new MarketoCursor(passStart, null, null, null, null, null);
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("completedUntil", str(completedUntil));
        n.put("passFrom", str(passFrom));
        n.put("passStart", str(passStart));
        n.put("sinceToken", sinceToken);
        n.put("stream", stream == null ? null : stream.name());
        n.put("pageToken", pageToken);
        return n.toString();
    }

    public static MarketoCursor fromJson(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return new MarketoCursor(instant(n, "completedUntil"), instant(n, "passFrom"), instant(n, "passStart"),
                    text(n, "sinceToken"), n.path("stream").isTextual() ? Stream.valueOf(n.get("stream").asText())
                    : null, text(n, "pageToken"));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("stored Marketo cursor is unreadable: " + text, e);
        }
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).isTextual() ? n.get(field).asText() : null;
    }

    private static Instant instant(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : Instant.parse(v.asText());
    }
}
