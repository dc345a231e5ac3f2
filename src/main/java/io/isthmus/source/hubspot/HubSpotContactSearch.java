package io.isthmus.source.hubspot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.source.ActivityType;
import io.isthmus.source.MalformedPageException;
import io.isthmus.source.SourceActivity;
import io.isthmus.source.SourceContact;
import io.isthmus.source.SourceMerge;
import io.isthmus.source.SourceRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HubSpot CRM v3 contacts search ({@code POST /crm/v3/objects/contacts/search}): builds the request for a
 * cursor and reads a response page into SourceContacts. No I/O here; the route does the HTTP call.
 */
public final class HubSpotContactSearch {

    public static final String SYSTEM = "hubspot";
    private static final Set<String> STANDARD = Set.of("email", "firstname", "lastname", "company", "phone",
            "jobtitle", "country", "website", "lastmodifieddate", "hs_object_id", "createdate", "hs_merged_object_ids",
            "first_conversion_event_name", "first_conversion_date", "recent_conversion_event_name",
            "recent_conversion_date");
    /** Ids of the contacts merged into this one (semicolon-separated); always requested, so merges are followed. */
    static final String MERGED_IDS = "hs_merged_object_ids";
    /**
     * The contact's first and most recent form submission (HubSpot calls them conversions): name and time, always
     * requested, so form fills arrive as activities with the contact that made them.
     */
    static final List<String> CONVERSIONS = List.of("first_conversion_event_name", "first_conversion_date",
            "recent_conversion_event_name", "recent_conversion_date");

    private final ObjectMapper json = new ObjectMapper();
    private final String source;
    private final int pageSize;
    private final List<String> properties;

    public HubSpotContactSearch(String source, int pageSize, List<String> properties) {
        this.source = source;
        this.pageSize = pageSize;
        List<String> p = new ArrayList<>(properties);
        for (String always : concat(List.of(MERGED_IDS), CONVERSIONS)) {
            if (!p.contains(always)) {
                p.add(always);
            }
        }
        this.properties = List.copyOf(p);
    }

    public String requestBody(HubSpotCursor pass) {
        return HubSpotSearchRequest.body("lastmodifieddate", pass, properties, pageSize);
    }

    /**
     * Reads one response page. Records that cannot be read are returned raw with the reason; the rest are kept.
     *
     * @throws MalformedPageException when the body as a whole is not a search response
     */
    public SourcePage readPage(String body, HubSpotCursor pass) throws MalformedPageException {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedPageException("response is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("results").isArray()) {
            throw new MalformedPageException("response has no 'results' array");
        }
        List<SourceRecord> records = new ArrayList<>();
        List<SourcePage.UnreadableRecord> unreadable = new ArrayList<>();
        String lastId = pass.lastId();
        for (JsonNode r : root.get("results")) {
            String id = r.path("id").asText("");
            if (!id.matches("\\d{1,19}") || (id.length() == 19 && id.compareTo("9223372036854775807") > 0)) {
                unreadable.add(new SourcePage.UnreadableRecord(null, r.toString(), "contact has no numeric 'id'"));
                continue;
            }
            lastId = maxId(lastId, id);
            try {
                SourceContact contact = contact(id, r);
                records.add(contact);
                List<String> merged = mergedIds(r.path("properties"));
                if (!merged.isEmpty()) {
                    records.add(new SourceMerge(SYSTEM, id, contact.occurredAt(), merged));
                }
                formFill(id, r.path("properties"), "first", records, unreadable);
                formFill(id, r.path("properties"), "recent", records, unreadable);
            } catch (IllegalArgumentException e) {
                unreadable.add(new SourcePage.UnreadableRecord(id, r.toString(), e.getMessage()));
            }
        }
        boolean more = root.path("paging").path("next").isObject();
        HubSpotCursor next = more ? pass.after(lastId) : pass.finished();
        return new SourcePage(source, records, unreadable, next.toJson(), more);
    }

    /**
     * The contact's {@code first} or {@code recent} conversion as a FORM_FILL activity, id
     * {@code form:<contact>:<epoch ms>}: the first and the latest submission are one activity when they are the same.
     */
    private static void formFill(String id, JsonNode p, String which, List<SourceRecord> records,
                                 List<SourcePage.UnreadableRecord> unreadable) {
        String name = str(p, which + "_conversion_event_name");
        JsonNode dateNode = p.get(which + "_conversion_date");
        if (name == null && (dateNode == null || dateNode.isNull())) {
            return;
        }
        Instant at = time(dateNode);
        if (at == null || name == null) {
            unreadable.add(new SourcePage.UnreadableRecord("form:" + id, p.toString(), "contact " + id + "'s "
                    + which + " conversion has no readable name and date"));
            return;
        }
        String formId = "form:" + id + ":" + at.toEpochMilli();
        if (records.stream().noneMatch(r -> r.sourceId().equals(formId))) {
            records.add(new SourceActivity(SYSTEM, formId, at, id, null, ActivityType.FORM_FILL, name, null,
                    SourceActivity.Utm.NONE));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private SourceContact contact(String id, JsonNode r) {
        JsonNode p = r.path("properties");
        if (!p.isObject()) {
            throw new IllegalArgumentException("contact " + id + " has no 'properties' object");
        }
        Instant modified = time(p.path("lastmodifieddate"));
        if (modified == null) {
            modified = time(r.path("updatedAt"));
        }
        if (modified == null) {
            throw new IllegalArgumentException("contact " + id + " has no readable lastmodifieddate or updatedAt");
        }
        Map<String, String> extra = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = p.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!STANDARD.contains(f.getKey()) && f.getValue().isValueNode() && !f.getValue().isNull()) {
                extra.put(f.getKey(), f.getValue().asText());
            }
        }
        return new SourceContact(SYSTEM, id, modified, str(p, "email"), str(p, "firstname"), str(p, "lastname"),
                str(p, "company"), str(p, "phone"), str(p, "jobtitle"), str(p, "country"), str(p, "website"), extra);
    }

    private static List<String> mergedIds(JsonNode props) {
        String v = str(props, MERGED_IDS);
        List<String> ids = new ArrayList<>();
        if (v != null) {
            for (String t : v.split(";")) {
                if (!t.isBlank()) {
                    if (!t.trim().matches("\\d{1,19}")) {
                        throw new IllegalArgumentException("'" + MERGED_IDS + "' holds a non-numeric id '" + t + "'");
                    }
                    ids.add(t.trim());
                }
            }
        }
        return ids;
    }

    /** HubSpot sends every property value as a string; anything else (object, array) is refused. */
    private static String str(JsonNode props, String name) {
        JsonNode v = props.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException("property '" + name + "' is not a plain value");
        }
        return v.asText();
    }

    /** A HubSpot time (a property such as hs_timestamp, or updatedAt): epoch milliseconds or an ISO instant. */
    static Instant time(JsonNode v) {
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            return null;
        }
        String t = v.asText();
        try {
            return t.matches("\\d{10,13}") ? Instant.ofEpochMilli(Long.parseLong(t)) : Instant.parse(t);
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    private static String maxId(String a, String b) {
        if (a == null) {
            return b;
        }
        return Long.parseLong(b) > Long.parseLong(a) ? b : a;
    }
}
