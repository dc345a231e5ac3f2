package io.isthmus.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A HubSpot contacts search over a generated population ({@link SyntheticPeople}): contact {@code i} (1..n) is
 * computed from its id, so a million contacts cost no memory; a fifth of them repeat an earlier contact's email
 * (duplicates to merge). Changes
 * made during a run are kept in a small overlay with their modification time, so latency can be measured.
 */
final class SyntheticHubSpot implements AutoCloseable {

    static final String TOKEN = "pat-bench";
    private final WireMockServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final long first;
    private final long n;
    private final Instant base;
    private final Map<Long, Instant> changed = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final SyntheticPeople people;

    /** Serves contacts {@code first..n}: those below {@code first} are already in a pre-seeded store. */
    SyntheticHubSpot(long first, long n, Instant base, SyntheticPeople people) {
        this.people = people;
        this.first = first;
        this.n = n;
        this.base = base;
        server = new WireMockServer(options().dynamicPort().containerThreads(8).disableRequestJournal()
                .extensions(new Search()));
        server.start();
        server.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/search"))
                .willReturn(aResponse().withTransformers("synthetic-search")));
    }

    String baseUrl() {
        return server.baseUrl();
    }

    long calls() {
        return calls.get();
    }

    /** Marks contact {@code id} as changed now (its title changes); returns the modification time. */
    Instant change(long id, Instant at) {
        changed.put(id, at);
        return at;
    }

    Instant modified(long id) {
        Instant c = changed.get(id);
        return c != null ? c : base.plusMillis(id);
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Search implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "synthetic-search";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            calls.incrementAndGet();
            try {
                JsonNode req = json.readTree(event.getRequest().getBodyAsString());
                long from = Long.MIN_VALUE;
                long to = Long.MAX_VALUE;
                long afterId = 0;
                for (JsonNode f : req.path("filterGroups").path(0).path("filters")) {
                    long v = Long.parseLong(f.path("value").asText());
                    String p = f.path("propertyName").asText();
                    String op = f.path("operator").asText();
                    if (p.equals("lastmodifieddate") && op.equals("GTE")) {
                        from = v;
                    } else if (p.equals("lastmodifieddate") && op.equals("LTE")) {
                        to = v;
                    } else if (p.equals("hs_object_id") && op.equals("GT")) {
                        afterId = v;
                    }
                }
                int limit = req.path("limit").asInt(100);
                ObjectNode out = json.createObjectNode();
                ArrayNode results = json.createArrayNode();
                long id = Math.max(afterId + 1, first);
                // Without changes every contact is in the first pass's window; later passes see only the overlay.
                boolean backfill = from <= base.toEpochMilli() + 1;
                java.util.Iterator<Long> overlay = backfill ? null
                        : new java.util.TreeSet<>(changed.keySet()).tailSet(afterId, false).iterator();
                while (results.size() < limit) {
                    long next;
                    if (backfill) {
                        if (id > n) {
                            break;
                        }
                        next = id++;
                    } else {
                        if (!overlay.hasNext()) {
                            break;
                        }
                        next = overlay.next();
                    }
                    long m = modified(next).toEpochMilli();
                    if (m >= from && m <= to) {
                        results.add(contact(next));
                    }
                }
                out.put("total", n - first + 1);
                out.set("results", results);
                boolean more = results.size() == limit && (backfill ? id <= n : overlay.hasNext());
                if (more) {
                    out.putObject("paging").putObject("next").put("after", "0");
                }
                return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(out.toString()).build();
            } catch (Exception e) {
                return new ResponseDefinitionBuilder().withStatus(400).withBody("{\"status\":\"error\",\"message\":\""
                        + e.getClass().getSimpleName() + "\",\"category\":\"VALIDATION_ERROR\"}").build();
            }
        }

        private ObjectNode contact(long id) {
            ObjectNode r = json.createObjectNode();
            r.put("id", Long.toString(id));
            ObjectNode p = r.putObject("properties");
            SyntheticPeople.Person person = people.person(id);
            p.put("email", person.email());
            p.put("firstname", person.firstName());
            p.put("lastname", person.lastName());
            p.put("company", person.company());
            if (person.phone() != null) {
                p.put("phone", person.phone());
            }
            if (person.country() != null) {
                p.put("country", person.country());
            }
            Instant change = changed.get(id);
            p.put("jobtitle", change != null ? "VP Demand " + change.toEpochMilli() : person.jobTitle());
            p.put("hs_object_id", Long.toString(id));
            p.put("lastmodifieddate", modified(id).toString());
            r.put("updatedAt", modified(id).toString());
            r.put("archived", false);
            return r;
        }
    }
}
