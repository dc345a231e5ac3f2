package io.isthmus.source.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.source.ActivityType;
import io.isthmus.source.MalformedPageException;
import io.isthmus.source.SourceActivity;
import io.isthmus.source.SourceConsent;
import io.isthmus.source.SourceContact;
import io.isthmus.source.SourceRecord;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * HubSpot's Email Events API ({@code GET /email/public/v1/events}, legacy v1, scope {@code content}): the URL of a
 * page and the reading of its events. Events name the recipient by email address, not by contact id, so they are
 * read the way Matomo's userId-as-email visits are: each address on a page yields a {@link SourceContact} of system
 * {@value #SYSTEM} keyed by the address (the pipeline resolves it to the buyer holding that address, or starts one),
 * and the events are activities and consent changes of that contact. No I/O.
 *
 * <p>Taken: SENT, DELIVERED, OPEN, CLICK (asset: the URL), BOUNCE (also a hard bounce), SPAMREPORT (an opt-out) and
 * STATUSCHANGE to {@code portalSubscriptionStatus: UNSUBSCRIBED} (unsubscribed from all email). Other types
 * (PROCESSED, DROPPED, DEFERRED, PRINT, FORWARD, SUPPRESSED, UNBOUNCE, per-type subscription changes) are skipped.
 */
public final class HubSpotEmailEvents {

    public static final String SYSTEM = "hubspot-email";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** A page read: its records, the events that could not be read, and where the pass goes on. */
    public record Page(List<SourceRecord> records, List<SourcePage.UnreadableRecord> unreadable, boolean hasMore,
                       String offset, int events) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final String eventsUrl;
    private final int limit;

    public HubSpotEmailEvents(String baseUrl, int limit) {
        this.eventsUrl = (baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl)
                + "/email/public/v1/events";
        this.limit = limit;
    }

    /** The page of the cursor's pass: its fixed window in epoch ms, and the offset after the first page. */
    public String url(HubSpotEmailEventsCursor c) {
        return eventsUrl + "?startTimestamp=" + c.from().toEpochMilli() + "&endTimestamp=" + c.to().toEpochMilli()
                + "&limit=" + limit + "&excludeFilteredEvents=true"
                + (c.offset() == null ? "" : "&offset=" + URLEncoder.encode(c.offset(), StandardCharsets.UTF_8));
    }

    public Page read(String body) throws MalformedPageException {
        JsonNode root;
        try {
            root = json.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new MalformedPageException("email events answer is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.path("events").isArray()
                || !root.path("hasMore").isBoolean()) {
            throw new MalformedPageException("email events answer lacks the events array or hasMore");
        }
        boolean hasMore = root.get("hasMore").asBoolean();
        String offset = root.path("offset").isTextual() ? root.get("offset").asText() : null;
        if (hasMore && (offset == null || offset.isEmpty())) {
            throw new MalformedPageException("email events answer has more but no offset");
        }
        Map<String, SourceContact> contacts = new LinkedHashMap<>();
        List<SourceRecord> events = new ArrayList<>();
        List<SourcePage.UnreadableRecord> unreadable = new ArrayList<>();
        JsonNode list = root.get("events");
        for (JsonNode e : list) {
            String id = text(e, "id");
            try {
                read(e, contacts, events);
            } catch (IllegalArgumentException ex) {
                unreadable.add(new SourcePage.UnreadableRecord(id == null ? "unknown" : id, e.toString(),
                        ex.getMessage()));
            }
        }
        List<SourceRecord> records = new ArrayList<>(contacts.values());
        records.addAll(events);
        return new Page(records, unreadable, hasMore, offset, list.size());
    }

    private static void read(JsonNode e, Map<String, SourceContact> contacts, List<SourceRecord> out) {
        String id = text(e, "id");
        if (id == null) {
            throw new IllegalArgumentException("email event without an id");
        }
        if (!e.path("created").canConvertToLong()) {
            throw new IllegalArgumentException("email event " + id + " has no created timestamp");
        }
        Instant at = Instant.ofEpochMilli(e.get("created").asLong());
        String type = text(e, "type");
        if (type == null) {
            throw new IllegalArgumentException("email event " + id + " has no type");
        }
        ActivityType activity = switch (type) {
            case "SENT" -> ActivityType.EMAIL_SENT;
            case "DELIVERED" -> ActivityType.EMAIL_DELIVERED;
            case "OPEN" -> ActivityType.EMAIL_OPEN;
            case "CLICK" -> ActivityType.EMAIL_CLICK;
            case "BOUNCE" -> ActivityType.EMAIL_BOUNCE;
            default -> null;
        };
        SourceConsent.Change consent = switch (type) {
            case "BOUNCE" -> SourceConsent.Change.HARD_BOUNCED;
            case "SPAMREPORT" -> SourceConsent.Change.OPTED_OUT;
            case "STATUSCHANGE" -> "UNSUBSCRIBED".equals(text(e, "portalSubscriptionStatus"))
                    ? SourceConsent.Change.UNSUBSCRIBED : null;
            default -> null;
        };
        if (activity == null && consent == null) {
            return;
        }
        String recipient = text(e, "recipient");
        if (recipient == null || !EMAIL.matcher(recipient.trim()).matches()) {
            throw new IllegalArgumentException("email event " + id + " (" + type + ") has no valid recipient address");
        }
        String address = recipient.trim().toLowerCase(Locale.ROOT);
        contacts.merge(address, new SourceContact(SYSTEM, address, at, address, null, null, null, null, null, null,
                null, Map.of()), (old, now) -> now.occurredAt().isAfter(old.occurredAt()) ? now : old);
        String campaign = e.path("emailCampaignId").isMissingNode() || e.get("emailCampaignId").isNull() ? null
                : e.get("emailCampaignId").asText();
        if (activity != null) {
            String asset = activity == ActivityType.EMAIL_CLICK && text(e, "url") != null ? text(e, "url")
                    : text(e, "subject") != null ? text(e, "subject")
                    : campaign == null ? null : "email campaign " + campaign;
            out.add(new SourceActivity(SYSTEM, id, at, address, null, activity, asset, campaign,
                    SourceActivity.Utm.NONE));
        }
        if (consent != null) {
            out.add(new SourceConsent(SYSTEM, id, at, address, consent, "email"));
        }
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.path(name);
        return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
}
