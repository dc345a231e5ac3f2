package io.isthmus.source.mautic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.source.ActivityType;
import io.isthmus.source.MalformedPageException;
import io.isthmus.source.SourceActivity;
import io.isthmus.source.SourceConsent;
import io.isthmus.source.SourceContact;
import io.isthmus.source.SourceRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Mautic REST API's contact list ({@code GET /api/contacts}): the URLs for a backfill page (by id) and an
 * incremental page (by date_modified), and the reading of the answer into contacts and consent changes.
 * Mautic's shapes: {@code total} a string or a number, {@code contacts} an object keyed by id, and an empty
 * result either {@code {}} or {@code []}. No I/O.
 */
public final class MauticApi {

    public static final String SYSTEM = "mautic";
    private static final DateTimeFormatter WHERE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final Set<String> STANDARD = Set.of("id", "email", "firstname", "lastname", "company", "phone",
            "mobile", "position", "country", "website");

    /** A page read; {@code maxId} and {@code maxModified} are -1 for an empty page. */
    public record ContactPage(List<SourceRecord> records, List<SourcePage.UnreadableRecord> unreadable, int size,
                              long maxId, long maxModified, int atMaxModified) {
    }

    /** A page of activity events; {@code latest} is null for an empty page. */
    public record EventPage(List<SourceRecord> records, List<SourcePage.UnreadableRecord> unreadable, int size,
                            Instant latest) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final int pageSize;
    private final List<String> events;

    public MauticApi(String baseUrl, int pageSize, List<String> events) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.pageSize = pageSize;
        this.events = List.copyOf(events);
    }

    /** All contacts' activity events of the configured types, oldest first. */
    public String eventsUrl(Instant from, int page) {
        StringBuilder u = new StringBuilder(base).append("/api/contacts/activity?");
        for (String e : events) {
            u.append(enc("filters[includeEvents][]")).append('=').append(enc(e)).append('&');
        }
        if (from != null) {
            u.append(enc("filters[dateFrom]")).append('=').append(enc(WHERE_TIME.format(from))).append('&');
        }
        return u.append(enc("order[0]")).append("=timestamp&").append(enc("order[1]")).append("=ASC&page=")
                .append(page).append("&limit=").append(pageSize).toString();
    }

    public EventPage readEvents(String body) throws MalformedPageException {
        JsonNode root;
        try {
            root = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new MalformedPageException("response is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !(root.path("events").isArray() || root.path("events").isObject())) {
            throw new MalformedPageException("response has no 'events' list");
        }
        List<SourceRecord> records = new ArrayList<>();
        List<SourcePage.UnreadableRecord> unreadable = new ArrayList<>();
        Instant latest = null;
        int n = 0;
        for (JsonNode e : root.get("events")) {
            n++;
            String id = e.path("eventId").asText("");
            try {
                SourceActivity a = event(id, e);
                records.add(a);
                latest = latest == null || a.occurredAt().isAfter(latest) ? a.occurredAt() : latest;
            } catch (IllegalArgumentException ex) {
                unreadable.add(new SourcePage.UnreadableRecord(id.isBlank() ? null : id, e.toString(),
                        ex.getMessage()));
            }
        }
        return new EventPage(records, unreadable, n, latest);
    }

    private SourceActivity event(String id, JsonNode e) {
        if (id.isBlank()) {
            throw new IllegalArgumentException("event has no eventId");
        }
        String contact = e.path("contactId").asText("");
        if (!contact.matches("\\d{1,19}")) {
            throw new IllegalArgumentException("event " + id + " has no numeric contactId");
        }
        Instant at = time(e.get("timestamp"));
        if (at == null) {
            throw new IllegalArgumentException("event " + id + " has no readable timestamp");
        }
        JsonNode label = e.path("eventLabel");
        String href = label.isObject() ? text(label, "href") : null;
        String name = label.isObject() ? text(label, "label") : label.isTextual() ? label.asText() : null;
        String url = text(e.path("details").path("hit"), "url");
        String type = e.path("event").asText("");
        String asset = url != null ? url : href != null && type.equals("page.hit") ? href : name;
        return new SourceActivity(SYSTEM, id, at, contact, null, eventType(type), asset, null,
                utm(url != null ? url : href));
    }

    static ActivityType eventType(String event) {
        return switch (event) {
            case "page.hit" -> ActivityType.PAGE_VIEW;
            case "email.sent" -> ActivityType.EMAIL_SENT;
            case "email.read" -> ActivityType.EMAIL_OPEN;
            case "form.submitted" -> ActivityType.FORM_FILL;
            case "asset.download" -> ActivityType.CONTENT_DOWNLOAD;
            default -> ActivityType.OTHER;
        };
    }

    private static SourceActivity.Utm utm(String url) {
        if (url == null || !url.contains("?")) {
            return SourceActivity.Utm.NONE;
        }
        Map<String, String> p = new HashMap<>();
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                p.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1),
                        StandardCharsets.UTF_8));
            }
        }
        return new SourceActivity.Utm(p.get("utm_source"), p.get("utm_medium"), p.get("utm_campaign"),
                p.get("utm_term"), p.get("utm_content"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank() ? null : v.asText();
    }

    public int pageSize() {
        return pageSize;
    }

    public String backfillUrl(long afterId) {
        return base + "/api/contacts?" + where("id", "gt", Long.toString(afterId))
                + "&orderBy=id&orderByDir=asc&start=0&limit=" + pageSize;
    }

    /**
     * A page of contact ids for the reconciliation: {@code minimal=true} (no lists beside the entities), by id after
     * {@code afterId}, ascending; a keyset, so contacts deleted during the pass cannot shift later pages.
     */
    public String idsUrl(long afterId, int limit) {
        return base + "/api/contacts?" + where("id", "gt", Long.toString(afterId))
                + "&orderBy=id&orderByDir=asc&start=0&limit=" + limit + "&minimal=true";
    }

    /**
     * The contact ids of an answer to {@link #idsUrl}, ascending, and {@code total}: how many contacts match the
     * filter in all (-1 when the answer has none), so a page cut short by a server-side limit is not taken as the
     * last.
     */
    public record IdPage(List<Long> ids, long total) {
    }

    public IdPage readIds(String body) throws MalformedPageException {
        JsonNode root = contactsPage(body);
        JsonNode contacts = root.get("contacts");
        List<Long> ids = new ArrayList<>();
        for (JsonNode c : contacts) {
            String id = c.path("id").asText("");
            if (!id.matches("[1-9]\\d{0,17}")) {
                // One unreadable id could hide a contact that exists: the page as a whole cannot be trusted.
                throw new MalformedPageException("contact without a numeric id: " + abbreviate(c.toString()));
            }
            ids.add(Long.parseLong(id));
        }
        ids.sort(null);
        JsonNode total = root.get("total");
        long t = total == null ? -1 : total.isNumber() ? total.asLong()
                : total.isTextual() && total.asText().matches("\\d{1,18}") ? Long.parseLong(total.asText()) : -1;
        return new IdPage(ids, t);
    }

    /** The answer of a contact listing: a JSON object with a {@code contacts} object (keyed by id) or array. */
    private JsonNode contactsPage(String body) throws MalformedPageException {
        JsonNode root;
        try {
            root = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new MalformedPageException("response is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPageException("response is not a JSON object");
        }
        JsonNode contacts = root.get("contacts");
        if (contacts == null || !(contacts.isObject() || contacts.isArray())) {
            throw new MalformedPageException("response has no 'contacts' object");
        }
        return root;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    public String incrementalUrl(long minModifiedEpochSecond, int skip) {
        return base + "/api/contacts?" + where("date_modified", "gte",
                WHERE_TIME.format(Instant.ofEpochSecond(minModifiedEpochSecond)))
                + "&orderBy=date_modified&orderByDir=asc&start=" + skip + "&limit=" + pageSize;
    }

    public ContactPage readPage(String body) throws MalformedPageException {
        JsonNode root = contactsPage(body);
        JsonNode contacts = root.get("contacts");
        List<JsonNode> all = new ArrayList<>();
        contacts.forEach(all::add);
        List<Read> read = new ArrayList<>();
        List<SourcePage.UnreadableRecord> unreadable = new ArrayList<>();
        long maxId = -1;
        for (JsonNode c : all) {
            String id = c.path("id").asText("");
            if (id.matches("\\d{1,19}")) {
                maxId = Math.max(maxId, Long.parseLong(id));
            }
            try {
                read.add(contact(id, c));
            } catch (IllegalArgumentException e) {
                unreadable.add(new SourcePage.UnreadableRecord(id.isBlank() ? null : id, c.toString(),
                        e.getMessage()));
            }
        }
        read.sort(Comparator.comparing((Read r) -> r.contact.occurredAt()));
        List<SourceRecord> records = new ArrayList<>();
        long maxModified = -1;
        int atMax = 0;
        for (Read r : read) {
            records.add(r.contact);
            records.addAll(r.consents);
            long m = r.contact.occurredAt().getEpochSecond();
            if (m > maxModified) {
                maxModified = m;
                atMax = 1;
            } else if (m == maxModified) {
                atMax++;
            }
        }
        return new ContactPage(records, unreadable, all.size(), maxId, maxModified, atMax);
    }

    /**
     * The error of a Mautic error answer, or null: the API's {@code {"errors":[{"code":404,"message":..}]}} or the
     * OAuth 2 server's {@code {"error":"invalid_grant","error_description":"The access token provided has expired."}}.
     */
    public String error(String body) {
        try {
            JsonNode root = json.readTree(body == null ? "" : body);
            if (root == null) {
                return null;
            }
            JsonNode e = root.path("errors").path(0);
            if (!e.isMissingNode()) {
                return e.path("code").asText() + " " + e.path("message").asText();
            }
            if (root.path("error").isTextual()) {
                return root.get("error").asText() + (root.path("error_description").isTextual()
                        ? ": " + root.get("error_description").asText() : "");
            }
            return null;
        } catch (JsonProcessingException | NullPointerException ex) {
            return null;
        }
    }

    /** An OAuth 2 access token and how many seconds it lives. */
    public record Token(String accessToken, long expiresInSeconds) {
        @Override
        public String toString() {
            return "Token[****, expiresIn=" + expiresInSeconds + "s]";
        }
    }

    /** Mautic's OAuth 2 token endpoint (client credentials grant). */
    public String tokenUrl() {
        return base + "/oauth/v2/token";
    }

    public static String tokenBody(String clientId, String clientSecret) {
        return "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret);
    }

    /** Reads {@code {"access_token":"..","expires_in":3600,"token_type":"bearer","scope":""}}. */
    public Token token(String body) throws MalformedPageException {
        JsonNode root;
        try {
            root = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new MalformedPageException("token response is not JSON");
        }
        if (root == null || !root.path("access_token").isTextual() || root.get("access_token").asText().isBlank()) {
            throw new MalformedPageException("token response has no access_token");
        }
        long expires = root.path("expires_in").asLong(3600);
        return new Token(root.get("access_token").asText(), expires > 0 ? expires : 3600);
    }

    private record Read(SourceContact contact, List<SourceConsent> consents) {
    }

    private Read contact(String id, JsonNode c) {
        if (!id.matches("\\d{1,19}")) {
            throw new IllegalArgumentException("contact has no numeric 'id'");
        }
        Instant modified = time(c.get("dateModified"));
        if (modified == null) {
            modified = time(c.get("dateAdded"));
        }
        if (modified == null) {
            throw new IllegalArgumentException("contact " + id + " has no readable dateModified or dateAdded");
        }
        JsonNode all = c.path("fields").path("all");
        if (!all.isObject()) {
            throw new IllegalArgumentException("contact " + id + " has no 'fields.all' object");
        }
        Map<String, String> extra = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = all.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!STANDARD.contains(f.getKey()) && f.getValue().isValueNode() && !f.getValue().isNull()
                    && !f.getValue().asText().isBlank()) {
                extra.put(f.getKey(), f.getValue().asText());
            }
        }
        String phone = str(all, "phone") != null ? str(all, "phone") : str(all, "mobile");
        SourceContact contact = new SourceContact(SYSTEM, id, modified, str(all, "email"), str(all, "firstname"),
                str(all, "lastname"), str(all, "company"), phone, str(all, "position"), str(all, "country"),
                str(all, "website"), extra);
        List<SourceConsent> consents = new ArrayList<>();
        for (JsonNode dnc : c.path("doNotContact")) {
            SourceConsent.Change change = switch (dnc.path("reason").asInt(0)) {
                case 1 -> SourceConsent.Change.UNSUBSCRIBED;
                case 2 -> SourceConsent.Change.HARD_BOUNCED;
                case 3 -> SourceConsent.Change.OPTED_OUT;
                default -> null;
            };
            if (change != null) {
                String channel = dnc.path("channel").asText("email");
                consents.add(new SourceConsent(SYSTEM, id + ":dnc:" + channel, modified, id, change, channel));
            }
        }
        return new Read(contact, consents);
    }

    private static String str(JsonNode all, String name) {
        JsonNode v = all.get(name);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException("field '" + name + "' is not a plain value");
        }
        return v.asText();
    }

    /** Mautic writes ISO times with an offset ({@code 2015-07-21T14:12:03-05:00}). */
    private static Instant time(JsonNode v) {
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String where(String col, String expr, String val) {
        return enc("where[0][col]") + "=" + enc(col) + "&" + enc("where[0][expr]") + "=" + enc(expr) + "&"
                + enc("where[0][val]") + "=" + enc(val);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
