package io.isthmus.demo;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An in-process HubSpot: {@code POST /crm/v3/objects/contacts/search} over an in-memory contact list, honouring the
 * lastmodifieddate and hs_object_id filters, ascending hs_object_id sort, {@code limit} and {@code after}, with the
 * documented response shape (string property values, {@code paging.next.after} except on the last page) and a 401
 * body for a wrong token. For the demo; tests use recorded fixtures.
 */
public final class HubSpotSimulator implements AutoCloseable {

    /** One simulated contact; properties are strings, as HubSpot sends them. */
    public record Contact(long id, Map<String, String> properties, Instant modified) {
    }

    /** The search endpoint, also under a first path segment, so tests can tell several callers apart by base URL. */
    static final String SEARCH_PATH = "(/[A-Za-z0-9_-]+)?/crm/v3/objects/contacts/search";

    private final WireMockServer server;
    /** By id, so a keyset page is found in O(log n + page) even with a million contacts. */
    private final ConcurrentSkipListMap<Long, Contact> contacts = new ConcurrentSkipListMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final String token;

    public HubSpotSimulator(String token) {
        this.token = token;
        this.server = new WireMockServer(options().dynamicPort().extensions(new Search()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                urlPathMatching(SEARCH_PATH)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withTransformers("hubspot-search")));
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** Adds or replaces a contact. */
    public void put(Contact c) {
        contacts.put(c.id(), c);
    }

    public int searchCalls() {
        return server.findAll(postRequestedFor(urlPathMatching(SEARCH_PATH))).size();
    }

    /** The WireMock server behind the simulator, for tests that add faults, delays or read the request log. */
    public WireMockServer server() {
        return server;
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Search implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return "hubspot-search";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            String auth = event.getRequest().getHeader("Authorization");
            if (auth == null || !auth.equals("Bearer " + token)) {
                return error(401, "Authentication credentials not found.", "INVALID_AUTHENTICATION");
            }
            try {
                JsonNode req = json.readTree(event.getRequest().getBodyAsString());
                int limit = req.path("limit").asInt(10);
                if (limit > 200) {
                    return error(400, "limit must be at most 200", "VALIDATION_ERROR");
                }
                int after = Integer.parseInt(req.path("after").asText("0"));
                if (after + limit > 10_000) {
                    return error(400, "There was a problem with the request.", "VALIDATION_ERROR");
                }
                List<Contact> matching = new ArrayList<>();
                boolean complete = true;
                for (Contact c : contacts.tailMap(lowerIdBound(req.path("filterGroups")), false).values()) {
                    if (matches(c, req.path("filterGroups"))) {
                        matching.add(c);
                        if (matching.size() > after + limit) {
                            complete = false;
                            break;
                        }
                    }
                }
                ObjectNode out = json.createObjectNode();
                // HubSpot counts every match; past one page the simulator reports what it looked at.
                out.put("total", complete ? matching.size() : Math.max(matching.size(), contacts.size()));
                ArrayNode results = out.putArray("results");
                int end = Math.min(matching.size(), after + limit);
                for (int i = after; i < end; i++) {
                    Contact c = matching.get(i);
                    ObjectNode r = results.addObject();
                    r.put("id", Long.toString(c.id()));
                    ObjectNode p = r.putObject("properties");
                    c.properties().forEach(p::put);
                    p.put("hs_object_id", Long.toString(c.id()));
                    p.put("lastmodifieddate", c.modified().toString());
                    r.put("createdAt", c.modified().toString());
                    r.put("updatedAt", c.modified().toString());
                    r.put("archived", false);
                }
                if (end < matching.size()) {
                    out.putObject("paging").putObject("next").put("after", Integer.toString(end))
                            .put("link", "?after=" + end);
                }
                return json(200, out.toString());
            } catch (Exception e) {
                return error(400, "Invalid input JSON: " + e.getMessage(), "VALIDATION_ERROR");
            }
        }

        private ResponseDefinition json(int status, String body) {
            return new ResponseDefinitionBuilder().withStatus(status)
                    .withHeader("Content-Type", "application/json").withBody(body).build();
        }

        /** The id an {@code hs_object_id GT} filter starts after (only with a single filter group), else MIN. */
        private long lowerIdBound(JsonNode groups) {
            if (!groups.isArray() || groups.size() != 1) {
                return Long.MIN_VALUE;
            }
            for (JsonNode f : groups.get(0).path("filters")) {
                if (f.path("propertyName").asText().equals("hs_object_id") && f.path("operator").asText().equals("GT")) {
                    return Long.parseLong(f.path("value").asText("0"));
                }
            }
            return Long.MIN_VALUE;
        }

        private boolean matches(Contact c, JsonNode groups) {
            if (!groups.isArray() || groups.isEmpty()) {
                return true;
            }
            for (JsonNode g : groups) {
                boolean all = true;
                for (JsonNode f : g.path("filters")) {
                    long actual = switch (f.path("propertyName").asText()) {
                        case "lastmodifieddate" -> c.modified().toEpochMilli();
                        case "hs_object_id" -> c.id();
                        default -> Long.MIN_VALUE;
                    };
                    long v = Long.parseLong(f.path("value").asText("0"));
                    all &= switch (f.path("operator").asText()) {
                        case "GTE" -> actual >= v;
                        case "GT" -> actual > v;
                        case "LTE" -> actual <= v;
                        case "LT" -> actual < v;
                        case "EQ" -> actual == v;
                        default -> true;
                    };
                }
                if (all) {
                    return true;
                }
            }
            return false;
        }

        private ResponseDefinition error(int status, String message, String category) {
            ObjectNode body = json.createObjectNode();
            body.put("status", "error");
            body.put("message", message);
            body.put("correlationId", java.util.UUID.randomUUID().toString());
            body.put("category", category);
            return json(status, body.toString());
        }
    }
}
