package io.isthmus.source.marketo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.source.ActivityType;
import io.isthmus.source.MalformedPageException;
import io.isthmus.source.SourceActivity;
import io.isthmus.source.SourceConsent;
import io.isthmus.source.SourceContact;
import io.isthmus.source.SourceMerge;
import io.isthmus.source.SourceRecord;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Marketo REST API: the URLs of the calls isthmus makes and the reading of their answers into SourceRecords.
 * No I/O. Marketo reports errors inside HTTP 200 bodies ({@code success:false, errors:[{code:"601"}]}); they are
 * classified here, once, into what the poll does about them.
 */
public final class MarketoApi {

    public static final String SYSTEM = "marketo";

    /** Marketo's documented activity type ids that isthmus understands. */
    static final int VISIT_WEBPAGE = 1;
    static final int FILL_OUT_FORM = 2;
    static final int CLICK_LINK = 3;
    static final int SEND_EMAIL = 6;
    static final int EMAIL_DELIVERED = 7;
    static final int EMAIL_BOUNCED = 8;
    static final int UNSUBSCRIBE_EMAIL = 9;
    static final int OPEN_EMAIL = 10;
    static final int CLICK_EMAIL = 11;
    static final int MERGE_LEADS = 32;

    private static final Map<String, String> STANDARD = Map.of("email", "email", "firstname", "firstName",
            "lastname", "lastName", "company", "company", "phone", "phone", "title", "jobTitle", "country", "country",
            "website", "website");

    /** What the poll does about a Marketo error code. */
    public enum ErrorKind {
        /** 601, 602: the access token is invalid or expired; get a new one and repeat the call. */
        TOKEN,
        /** 606: more than 100 calls in 20 seconds; wait, then repeat. */
        RATE,
        /** 615: more than 10 calls at once; back off, then repeat. */
        CONCURRENCY,
        /** 607: the daily quota is used up; stop until it resets at midnight US Central time. */
        QUOTA,
        /** 604, 608, 611, 713: timeout, unavailable, system error, transient; back off, then repeat. */
        TRANSIENT,
        /** Anything else (603 denied, 609 bad JSON, 610 not found, 1003 ...): repeating will not help. */
        FATAL
    }

    /** A call Marketo refused, with the first error it gave. */
    public record Refusal(ErrorKind kind, String code, String message) {
    }

    /** A page of activities or lead changes, read. */
    public record ActivityPage(List<SourceRecord> records, List<SourcePage.UnreadableRecord> unreadable,
                               Set<String> leadIds, String nextPageToken, boolean moreResult, Instant latest) {
    }

    /** Leads fetched by id: the contacts, and the requested ids Marketo no longer has (deleted or merged). */
    public record Leads(List<SourceContact> contacts, List<SourcePage.UnreadableRecord> unreadable,
                        Set<String> missing) {
    }

    public record Token(String accessToken, long expiresInSeconds) {
        @Override
        public String toString() {
            return "Token[****, expiresIn=" + expiresInSeconds + "]";
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final List<Integer> activityTypeIds;
    private final List<String> fields;

    public MarketoApi(String baseUrl, List<Integer> activityTypeIds, List<String> fields) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.activityTypeIds = List.copyOf(activityTypeIds);
        Set<String> f = new LinkedHashSet<>(fields);
        f.add("updatedAt");
        this.fields = List.copyOf(f);
    }

    public String identityUrl(String clientId, String clientSecret) {
        return base + "/identity/oauth/token?grant_type=client_credentials&client_id=" + enc(clientId)
                + "&client_secret=" + enc(clientSecret);
    }

    public String pagingTokenUrl(Instant since) {
        return base + "/rest/v1/activities/pagingtoken.json?sinceDatetime=" + enc(since.toString());
    }

    public String leadChangesUrl(String pageToken) {
        return base + "/rest/v1/activities/leadchanges.json?nextPageToken=" + enc(pageToken) + "&fields="
                + enc(String.join(",", fields));
    }

    public String activitiesUrl(String pageToken) {
        return base + "/rest/v1/activities.json?nextPageToken=" + enc(pageToken) + "&activityTypeIds="
                + activityTypeIds.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** At most 300 ids per call (Marketo's limit for filterValues). */
    public String leadsUrl(Collection<String> ids) {
        if (ids.isEmpty() || ids.size() > 300) {
            throw new IllegalArgumentException("1 to 300 lead ids per call, not " + ids.size());
        }
        return base + "/rest/v1/leads.json?filterType=id&filterValues=" + String.join(",", ids) + "&fields="
                + enc(String.join(",", fields));
    }

    /** Reads the body; a body that is not a Marketo answer at all is a malformed page. */
    public JsonNode parse(String body) throws MalformedPageException {
        JsonNode root;
        try {
            root = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new MalformedPageException("response is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPageException("response is not a JSON object");
        }
        return root;
    }

    /** The refusal in a REST answer ({@code success:false}), or null when it succeeded. */
    public Refusal refusal(JsonNode root) throws MalformedPageException {
        JsonNode success = root.get("success");
        if (success == null || !success.isBoolean()) {
            throw new MalformedPageException("response has no boolean 'success'");
        }
        if (success.asBoolean()) {
            return null;
        }
        JsonNode first = root.path("errors").path(0);
        String code = first.path("code").asText("");
        return new Refusal(classify(code), code, first.path("message").asText("(no message)"));
    }

    public static ErrorKind classify(String code) {
        return switch (code) {
            case "601", "602" -> ErrorKind.TOKEN;
            case "606" -> ErrorKind.RATE;
            case "615" -> ErrorKind.CONCURRENCY;
            case "607" -> ErrorKind.QUOTA;
            case "604", "608", "611", "713" -> ErrorKind.TRANSIENT;
            default -> ErrorKind.FATAL;
        };
    }

    public Token token(JsonNode root) throws MalformedPageException {
        String token = root.path("access_token").asText("");
        if (token.isBlank()) {
            throw new MalformedPageException("identity response has no access_token");
        }
        return new Token(token, root.path("expires_in").asLong(3600));
    }

    public String pagingToken(JsonNode root) throws MalformedPageException {
        return nextPageToken(root);
    }

    /** Lead changes (types 12 new lead, 13 change data value): only which leads changed matters here. */
    public ActivityPage leadChanges(JsonNode root) throws MalformedPageException {
        return read(root, true);
    }

    public ActivityPage activities(JsonNode root) throws MalformedPageException {
        return read(root, false);
    }

    private ActivityPage read(JsonNode root, boolean onlyLeadIds) throws MalformedPageException {
        String next = nextPageToken(root);
        JsonNode more = root.get("moreResult");
        if (more == null || !more.isBoolean()) {
            throw new MalformedPageException("activities response has no boolean 'moreResult'");
        }
        // An empty page has no 'result' key at all (also while moreResult is true).
        JsonNode result = root.path("result");
        if (!result.isMissingNode() && !result.isArray()) {
            throw new MalformedPageException("'result' is not an array");
        }
        List<SourceRecord> records = new ArrayList<>();
        List<SourcePage.UnreadableRecord> unreadable = new ArrayList<>();
        Set<String> leadIds = new LinkedHashSet<>();
        Instant latest = null;
        for (JsonNode a : result) {
            String guid = a.path("marketoGUID").asText(a.path("id").asText(""));
            try {
                String lead = id(a.path("leadId"), "leadId");
                Instant at = time(a.path("activityDate"));
                if (guid.isBlank()) {
                    throw new IllegalArgumentException("activity has no marketoGUID");
                }
                leadIds.add(lead);
                latest = latest == null || at.isAfter(latest) ? at : latest;
                if (!onlyLeadIds) {
                    records.addAll(activity(guid, lead, at, a));
                }
            } catch (IllegalArgumentException e) {
                unreadable.add(new SourcePage.UnreadableRecord(guid.isBlank() ? null : guid, a.toString(),
                        e.getMessage()));
            }
        }
        return new ActivityPage(records, unreadable, leadIds, next, more.asBoolean(), latest);
    }

    private List<SourceRecord> activity(String guid, String lead, Instant at, JsonNode a) {
        int type = a.path("activityTypeId").asInt(-1);
        Map<String, String> attrs = attributes(a);
        String primary = a.path("primaryAttributeValue").isValueNode() && !a.path("primaryAttributeValue").isNull()
                ? a.get("primaryAttributeValue").asText() : null;
        String campaign = a.path("campaignId").isValueNode() && !a.path("campaignId").isNull()
                ? a.get("campaignId").asText() : null;
        return switch (type) {
            case UNSUBSCRIBE_EMAIL -> List.of(new SourceConsent(SYSTEM, guid, at, lead,
                    SourceConsent.Change.UNSUBSCRIBED, "email"));
            case EMAIL_BOUNCED -> List.of(
                    new SourceActivity(SYSTEM, guid, at, lead, null, ActivityType.EMAIL_BOUNCE, primary, campaign,
                            null),
                    new SourceConsent(SYSTEM, guid, at, lead, SourceConsent.Change.HARD_BOUNCED, "email"));
            case MERGE_LEADS -> List.of(new SourceMerge(SYSTEM, lead, at, mergedIds(attrs)));
            default -> {
                String url = attrs.getOrDefault("webpage url", primary);
                String query = attrs.get("query parameters");
                SourceActivity.Utm utm = utm(query != null ? query : queryOf(attrs.getOrDefault("link", url)));
                yield List.of(new SourceActivity(SYSTEM, guid, at, lead, null, type(type),
                        type == VISIT_WEBPAGE || type == CLICK_LINK ? url : primary, campaign, utm));
            }
        };
    }

    static ActivityType type(int id) {
        return switch (id) {
            case VISIT_WEBPAGE, CLICK_LINK -> ActivityType.PAGE_VIEW;
            case FILL_OUT_FORM -> ActivityType.FORM_FILL;
            case SEND_EMAIL -> ActivityType.EMAIL_SENT;
            case EMAIL_DELIVERED -> ActivityType.EMAIL_DELIVERED;
            case OPEN_EMAIL -> ActivityType.EMAIL_OPEN;
            case CLICK_EMAIL -> ActivityType.EMAIL_CLICK;
            default -> ActivityType.OTHER;
        };
    }

    /** The merged-away lead ids of a Merge Leads activity (attribute "Merge ids", e.g. "[1234, 5678]"). */
    private static List<String> mergedIds(Map<String, String> attrs) {
        String v = attrs.getOrDefault("merge ids", attrs.get("merged ids"));
        if (v == null) {
            throw new IllegalArgumentException("merge activity has no 'Merge ids' attribute");
        }
        List<String> ids = new ArrayList<>();
        for (String t : v.replaceAll("[\\[\\]\\s]", "").split(",")) {
            if (!t.matches("\\d{1,19}")) {
                throw new IllegalArgumentException("merge activity names a lead id that is not a number: '" + t + "'");
            }
            ids.add(t);
        }
        return ids;
    }

    public Leads leads(JsonNode root, Collection<String> requested, Instant fallbackTime)
            throws MalformedPageException {
        JsonNode result = root.path("result");
        if (!result.isMissingNode() && !result.isArray()) {
            throw new MalformedPageException("'result' is not an array");
        }
        List<SourceContact> contacts = new ArrayList<>();
        List<SourcePage.UnreadableRecord> unreadable = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>(requested);
        for (JsonNode l : result) {
            String id = l.path("id").asText("");
            missing.remove(id);
            try {
                contacts.add(contact(id(l.path("id"), "id"), l, fallbackTime));
            } catch (IllegalArgumentException e) {
                unreadable.add(new SourcePage.UnreadableRecord(id.isBlank() ? null : id, l.toString(),
                        e.getMessage()));
            }
        }
        return new Leads(contacts, unreadable, missing);
    }

    private SourceContact contact(String id, JsonNode l, Instant fallbackTime) {
        Instant updated = l.path("updatedAt").isTextual() ? time(l.get("updatedAt")) : fallbackTime;
        Map<String, String> standard = new HashMap<>();
        Map<String, String> extra = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = l.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (v.isNull() || f.getKey().equals("id") || f.getKey().equals("updatedAt")
                    || f.getKey().equals("createdAt")) {
                continue;
            }
            if (!v.isValueNode()) {
                throw new IllegalArgumentException("lead " + id + " field '" + f.getKey() + "' is not a plain value");
            }
            String std = STANDARD.get(f.getKey().toLowerCase(Locale.ROOT));
            (std != null ? standard : extra).put(std != null ? std : f.getKey(), v.asText());
        }
        return new SourceContact(SYSTEM, id, updated, standard.get("email"), standard.get("firstName"),
                standard.get("lastName"), standard.get("company"), standard.get("phone"), standard.get("jobTitle"),
                standard.get("country"), standard.get("website"), extra);
    }

    private static String nextPageToken(JsonNode root) throws MalformedPageException {
        String t = root.path("nextPageToken").asText("");
        if (t.isBlank()) {
            throw new MalformedPageException("response has no nextPageToken");
        }
        return t;
    }

    private static Map<String, String> attributes(JsonNode a) {
        Map<String, String> out = new HashMap<>();
        for (JsonNode attr : a.path("attributes")) {
            if (attr.path("name").isTextual() && attr.path("value").isValueNode() && !attr.path("value").isNull()) {
                out.put(attr.get("name").asText().toLowerCase(Locale.ROOT), attr.get("value").asText());
            }
        }
        return out;
    }

    private static String id(JsonNode v, String field) {
        String s = v.asText("");
        if (!s.matches("\\d{1,19}")) {
            throw new IllegalArgumentException("'" + field + "' is not a numeric id");
        }
        return s;
    }

    /** Marketo writes {@code 2023-01-16T23:32:19Z} and {@code 2023-01-16T23:32:19+0000}. */
    static Instant time(JsonNode v) {
        String t = v == null ? "" : v.asText("");
        try {
            return OffsetDateTime.parse(t.replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2")).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("unreadable time '" + t + "'");
        }
    }

    private static String queryOf(String url) {
        if (url == null || !url.contains("?")) {
            return null;
        }
        return url.substring(url.indexOf('?') + 1);
    }

    static SourceActivity.Utm utm(String query) {
        if (query == null || query.isBlank()) {
            return SourceActivity.Utm.NONE;
        }
        Map<String, String> p = new HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                p.put(pair.substring(0, eq).toLowerCase(Locale.ROOT),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return new SourceActivity.Utm(p.get("utm_source"), p.get("utm_medium"), p.get("utm_campaign"),
                p.get("utm_term"), p.get("utm_content"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
