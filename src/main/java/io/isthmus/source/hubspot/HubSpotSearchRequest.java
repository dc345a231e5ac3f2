package io.isthmus.source.hubspot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The body of a CRM v3 search ({@code POST /crm/v3/objects/{objectType}/search}) for one page of a keyset pass: the
 * pass's window on the object's last-modified property, {@code hs_object_id > lastId}, sorted by hs_object_id. Every
 * page is a fresh query without {@code after}, so the 10,000-result cap of the search endpoint is never met (see
 * {@link HubSpotCursor}). Contacts modify {@code lastmodifieddate}; engagements {@code hs_lastmodifieddate}.
 */
final class HubSpotSearchRequest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HubSpotSearchRequest() {
    }

    static String body(String modifiedProperty, HubSpotCursor pass, List<String> properties, int limit) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode filters = body.putArray("filterGroups").addObject().putArray("filters");
        filter(filters, modifiedProperty, "GTE", Long.toString(pass.windowStart().toEpochMilli()));
        filter(filters, modifiedProperty, "LTE", Long.toString(pass.windowEnd().toEpochMilli()));
        filter(filters, "hs_object_id", "GT", pass.lastId());
        body.putArray("sorts").addObject().put("propertyName", "hs_object_id").put("direction", "ASCENDING");
        ArrayNode props = body.putArray("properties");
        properties.forEach(props::add);
        body.put("limit", limit);
        return body.toString();
    }

    private static void filter(ArrayNode filters, String property, String operator, String value) {
        filters.addObject().put("propertyName", property).put("operator", operator).put("value", value);
    }
}
