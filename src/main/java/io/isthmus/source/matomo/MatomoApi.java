package io.isthmus.source.matomo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.source.ActivityType;
import io.isthmus.source.KeysetCursor;
import io.isthmus.source.MalformedPageException;
import io.isthmus.source.SourceActivity;
import io.isthmus.source.SourceContact;
import io.isthmus.source.SourceRecord;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Matomo Reporting API's {@code Live.getLastVisitsDetails}: the POST body for a page (the token goes in the
 * body: Matomo 5's "secure only" tokens refuse the query string) and the reading of the visits into
 * activities. Every action of a visit is one activity whose id is the visit id and the action's position, so a
 * visit read again with more actions adds only the new ones. A visit whose userId is an email also yields a
 * SourceContact, so the pipeline stitches the visitor id to that buyer. No I/O.
 */
public final class MatomoApi {

    public static final String SYSTEM = "matomo";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** The page read: its records, the unreadable visits, and the keyset facts the cursor needs. */
    public record VisitPage(List<SourceRecord> records, List<SourcePage.UnreadableRecord> unreadable, int visits,
                            long maxLastAction, int atMax) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final int siteId;
    private final int pageSize;

    public MatomoApi(int siteId, int pageSize) {
        this.siteId = siteId;
        this.pageSize = pageSize;
    }

    public int pageSize() {
        return pageSize;
    }

    public String requestBody(KeysetCursor pass, String tokenAuth) {
        String from = LocalDate.ofInstant(Instant.ofEpochSecond(pass.minTimestamp()), ZoneOffset.UTC).minusDays(1)
                .toString();
        return "module=API&method=Live.getLastVisitsDetails&idSite=" + siteId + "&period=range&date=" + from
                + ",today&format=JSON&filter_limit=" + pageSize + "&filter_offset=" + pass.skip()
                + "&minTimestamp=" + pass.minTimestamp() + "&filter_sort_order=asc&token_auth="
                + URLEncoder.encode(tokenAuth, StandardCharsets.UTF_8);
    }

    /**
     * Reads a page: a JSON array of visits. Matomo's errors come as {@code {"result":"error"}}, usually with
     * HTTP 200; they are returned by {@link #error(String)}, not here.
     */
    public VisitPage readPage(String body) throws MalformedPageException {
        JsonNode root = parse(body);
        if (!root.isArray()) {
            throw new MalformedPageException("response is not a JSON array of visits");
        }
        List<SourceRecord> records = new ArrayList<>();
        List<SourcePage.UnreadableRecord> unreadable = new ArrayList<>();
        long max = -1;
        int atMax = 0;
        for (JsonNode v : root) {
            String idVisit = v.path("idVisit").asText("");
            long last = v.path("lastActionTimestamp").asLong(v.path("serverTimestamp").asLong(-1));
            if (last > max) {
                max = last;
                atMax = 1;
            } else if (last == max) {
                atMax++;
            }
            try {
                records.addAll(visit(idVisit, last, v));
            } catch (IllegalArgumentException e) {
                unreadable.add(new SourcePage.UnreadableRecord(idVisit.isBlank() ? null : idVisit, v.toString(),
                        e.getMessage()));
            }
        }
        return new VisitPage(records, unreadable, root.size(), max, atMax);
    }

    /** The message of a Matomo error answer, or null when the body is not one. */
    public String error(String body) {
        try {
            JsonNode root = json.readTree(body == null ? "" : body);
            if (root != null && root.isObject() && "error".equals(root.path("result").asText())) {
                return root.path("message").asText("(no message)");
            }
        } catch (JsonProcessingException e) {
            return null;
        }
        return null;
    }

    private List<SourceRecord> visit(String idVisit, long last, JsonNode v) {
        if (!idVisit.matches("\\d{1,19}")) {
            throw new IllegalArgumentException("visit has no numeric idVisit");
        }
        if (last < 0) {
            throw new IllegalArgumentException("visit " + idVisit + " has no lastActionTimestamp");
        }
        String visitorId = text(v, "visitorId");
        String userId = text(v, "userId");
        if (visitorId == null && userId == null) {
            throw new IllegalArgumentException("visit " + idVisit + " has neither visitorId nor userId");
        }
        if (!v.path("actionDetails").isArray()) {
            throw new IllegalArgumentException("visit " + idVisit + " has no actionDetails array");
        }
        List<SourceRecord> out = new ArrayList<>();
        if (userId != null && EMAIL.matcher(userId).matches()) {
            out.add(new SourceContact(SYSTEM, userId, Instant.ofEpochSecond(last), userId, null, null, null, null,
                    null, null, null, Map.of()));
        }
        boolean campaign = "campaign".equals(text(v, "referrerType"));
        String campaignName = campaign ? text(v, "referrerName") : null;
        SourceActivity.Utm visitUtm = campaign ? new SourceActivity.Utm(text(v, "campaignSource"),
                text(v, "campaignMedium"), campaignName, text(v, "referrerKeyword"), text(v, "campaignContent"))
                : SourceActivity.Utm.NONE;
        JsonNode actions = v.get("actionDetails");
        for (int i = 0; i < actions.size(); i++) {
            JsonNode a = actions.get(i);
            ActivityType type = type(text(a, "type"));
            long ts = a.path("timestamp").asLong(-1);
            if (ts < 0) {
                throw new IllegalArgumentException("visit " + idVisit + " action " + i + " has no timestamp");
            }
            String url = text(a, "url");
            String asset = type == ActivityType.GOAL ? firstNonNull(text(a, "goalName"), url) : url;
            SourceActivity.Utm utm = utm(url);
            out.add(new SourceActivity(SYSTEM, idVisit + ":" + i, Instant.ofEpochSecond(ts), userId, visitorId,
                    type, asset, campaignName, utm == SourceActivity.Utm.NONE ? visitUtm : utm));
        }
        return out;
    }

    static ActivityType type(String matomoType) {
        if (matomoType == null) {
            return ActivityType.OTHER;
        }
        return switch (matomoType) {
            case "action" -> ActivityType.PAGE_VIEW;
            case "download" -> ActivityType.CONTENT_DOWNLOAD;
            case "outlink" -> ActivityType.OUTLINK;
            case "goal" -> ActivityType.GOAL;
            default -> ActivityType.OTHER;
        };
    }

    private static SourceActivity.Utm utm(String url) {
        if (url == null || !url.contains("?")) {
            return SourceActivity.Utm.NONE;
        }
        Map<String, String> p = new HashMap<>();
        String query = url.substring(url.indexOf('?') + 1).replaceFirst("#.*$", "");
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                p.put(pair.substring(0, eq).toLowerCase(Locale.ROOT),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (p.keySet().stream().noneMatch(k -> k.startsWith("utm_"))) {
            return SourceActivity.Utm.NONE;
        }
        return new SourceActivity.Utm(p.get("utm_source"), p.get("utm_medium"), p.get("utm_campaign"),
                p.get("utm_term"), p.get("utm_content"));
    }

    private JsonNode parse(String body) throws MalformedPageException {
        try {
            JsonNode root = json.readTree(body == null ? "" : body);
            if (root == null) {
                throw new MalformedPageException("response is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new MalformedPageException("response is not JSON: " + e.getOriginalMessage());
        }
    }

    /** Matomo types loosely (numbers as strings and back); empty strings mean absent. */
    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            return null;
        }
        return v.asText();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
