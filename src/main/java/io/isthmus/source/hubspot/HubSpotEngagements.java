package io.isthmus.source.hubspot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.source.ActivityType;
import io.isthmus.source.MalformedPageException;
import io.isthmus.source.SourceActivity;
import io.isthmus.source.SourceRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HubSpot engagements (the CRM v3 activity objects emails, meetings, calls and notes) as activities of the contacts
 * they are associated with. Two documented calls per page, no I/O here:
 * <ol>
 *   <li>{@code POST /crm/v3/objects/{type}/search} on {@code hs_lastmodifieddate} with the keyset of
 *       {@link HubSpotSearchRequest} (the search answer carries no associations);</li>
 *   <li>{@code POST /crm/v4/associations/{type}/contacts/batch/read} with the page's ids
 *       ({@code {"inputs":[{"id":".."}]}}), answered {@code {"results":[{"from":{"id":..},"to":[{"toObjectId":..}],
 *       "paging":{"next":{"after":..}}}]}}; an id with more contacts than one answer holds is asked again with its
 *       {@code after}.</li>
 * </ol>
 * An engagement becomes one activity per associated contact, id {@code <type>:<id>:<activity type>:<contact id>}, so
 * an email read as sent and later as bounced is both, and a re-read is kept once. What is not (yet) something the
 * buyer did is not an activity: an email still scheduled, sending or failed, a meeting not completed, a call not
 * completed (a later edit moves hs_lastmodifieddate, and the engagement is read again then).
 */
public final class HubSpotEngagements {

    /** The engagement object types isthmus reads. */
    public static final List<String> TYPES = List.of("emails", "meetings", "calls", "notes");

    private static final Map<String, List<String>> PROPERTIES = Map.of(
            "emails", List.of("hs_timestamp", "hs_lastmodifieddate", "hs_email_direction", "hs_email_status",
                    "hs_email_subject"),
            "meetings", List.of("hs_timestamp", "hs_lastmodifieddate", "hs_meeting_title", "hs_meeting_outcome",
                    "hs_meeting_external_url"),
            "calls", List.of("hs_timestamp", "hs_lastmodifieddate", "hs_call_title", "hs_call_status",
                    "hs_call_direction"),
            "notes", List.of("hs_timestamp", "hs_lastmodifieddate"));

    /** An engagement that is a buyer activity; {@code activity} null when it is not one (yet). */
    public record Engagement(String type, String id, Instant at, ActivityType activity, String asset) {
    }

    /** A search page: its engagements, the records that could not be read, the keyset after it, more pages or not. */
    public record SearchPage(List<Engagement> engagements, List<SourcePage.UnreadableRecord> unreadable,
                             String lastId, boolean more) {
    }

    /** Contact ids by engagement id, and the {@code after} of the engagements with more to read. */
    public record Associations(Map<String, List<String>> contacts, Map<String, String> more) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final int pageSize;

    public HubSpotEngagements(String baseUrl, int pageSize) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.pageSize = pageSize;
    }

    public String searchUrl(String type) {
        return base + "/crm/v3/objects/" + type + "/search";
    }

    public String searchBody(String type, HubSpotCursor pass) {
        return HubSpotSearchRequest.body("hs_lastmodifieddate", pass, PROPERTIES.get(type), pageSize);
    }

    public String associationsUrl(String type) {
        return base + "/crm/v4/associations/" + type + "/contacts/batch/read";
    }

    /** @param inputs engagement id → the {@code after} of its next associations page (null for the first) */
    public String associationsBody(Map<String, String> inputs) {
        ObjectNode body = json.createObjectNode();
        ArrayNode in = body.putArray("inputs");
        inputs.forEach((id, after) -> {
            ObjectNode i = in.addObject().put("id", id);
            if (after != null) {
                i.put("after", after);
            }
        });
        return body.toString();
    }

    public SearchPage readSearch(String type, String body, HubSpotCursor pass) throws MalformedPageException {
        JsonNode root = parse(body);
        if (!root.path("results").isArray()) {
            throw new MalformedPageException("response has no 'results' array");
        }
        List<Engagement> out = new ArrayList<>();
        List<SourcePage.UnreadableRecord> unreadable = new ArrayList<>();
        long lastId = Long.parseLong(pass.lastId());
        for (JsonNode r : root.get("results")) {
            String id = r.path("id").asText("");
            if (!id.matches("\\d{1,18}")) {
                unreadable.add(new SourcePage.UnreadableRecord(null, r.toString(), type + " has no numeric 'id'"));
                continue;
            }
            lastId = Math.max(lastId, Long.parseLong(id));
            try {
                out.add(engagement(type, id, r.path("properties")));
            } catch (IllegalArgumentException e) {
                unreadable.add(new SourcePage.UnreadableRecord(type + ":" + id, r.toString(), e.getMessage()));
            }
        }
        return new SearchPage(out, unreadable, Long.toString(lastId), root.path("paging").path("next").isObject());
    }

    public Associations readAssociations(String body) throws MalformedPageException {
        JsonNode root = parse(body);
        if (!root.path("results").isArray()) {
            throw new MalformedPageException("associations response has no 'results' array");
        }
        Map<String, List<String>> contacts = new LinkedHashMap<>();
        Map<String, String> more = new LinkedHashMap<>();
        for (JsonNode r : root.get("results")) {
            String from = r.path("from").path("id").asText("");
            if (from.isBlank() || !r.path("to").isArray()) {
                throw new MalformedPageException("association result without 'from.id' or 'to': " + r);
            }
            List<String> to = contacts.computeIfAbsent(from, k -> new ArrayList<>());
            for (JsonNode t : r.get("to")) {
                String contact = t.path("toObjectId").asText("");
                if (contact.matches("\\d{1,19}")) {
                    to.add(contact);
                }
            }
            String after = r.path("paging").path("next").path("after").asText("");
            if (!after.isBlank()) {
                more.put(from, after);
            }
        }
        return new Associations(contacts, more);
    }

    /** One activity per engagement that is a buyer activity and contact it is associated with. */
    public List<SourceRecord> activities(List<Engagement> engagements, Map<String, List<String>> contacts) {
        List<SourceRecord> out = new ArrayList<>();
        for (Engagement e : engagements) {
            if (e.activity() == null) {
                continue;
            }
            for (String contact : contacts.getOrDefault(e.id(), List.of())) {
                out.add(new SourceActivity(HubSpotContactSearch.SYSTEM, e.type() + ":" + e.id() + ":"
                        + e.activity() + ":" + contact, e.at(), contact, null, e.activity(), e.asset(), null,
                        SourceActivity.Utm.NONE));
            }
        }
        return out;
    }

    private Engagement engagement(String type, String id, JsonNode p) {
        if (!p.isObject()) {
            throw new IllegalArgumentException(type + " " + id + " has no 'properties' object");
        }
        Instant at = HubSpotContactSearch.time(p.path("hs_timestamp"));
        if (at == null) {
            throw new IllegalArgumentException(type + " " + id + " has no readable hs_timestamp");
        }
        return switch (type) {
            case "emails" -> {
                String status = str(p, "hs_email_status");
                ActivityType a = "BOUNCED".equals(status) ? ActivityType.EMAIL_BOUNCE
                        : status != null && !"SENT".equals(status) ? null
                        : "INCOMING_EMAIL".equals(str(p, "hs_email_direction")) ? ActivityType.OTHER
                        : ActivityType.EMAIL_SENT;
                String subject = str(p, "hs_email_subject");
                yield new Engagement(type, id, at, a, subject == null ? "(no subject)" : subject);
            }
            case "meetings" -> new Engagement(type, id, at, "COMPLETED".equals(str(p, "hs_meeting_outcome"))
                    ? ActivityType.EVENT_ATTENDED : null, "meeting: " + orNone(str(p, "hs_meeting_title")));
            case "calls" -> new Engagement(type, id, at, "COMPLETED".equals(str(p, "hs_call_status"))
                    ? ActivityType.OTHER : null, "call: " + orNone(str(p, "hs_call_title")));
            default -> new Engagement(type, id, at, ActivityType.OTHER, "note");
        };
    }

    private JsonNode parse(String body) throws MalformedPageException {
        try {
            JsonNode root = json.readTree(body == null ? "" : body);
            if (root == null || !root.isObject()) {
                throw new MalformedPageException("response is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new MalformedPageException("response is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String orNone(String s) {
        return s == null ? "(untitled)" : s;
    }

    /** HubSpot sends every property value as a string. */
    private static String str(JsonNode props, String name) {
        JsonNode v = props.get(name);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException("property '" + name + "' is not a plain value");
        }
        return v.asText();
    }
}
