package io.isthmus.demo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process Salesforce org for the demo: the OAuth username-password token endpoint (response with
 * {@code instance_url} pointing back here and an {@code id} of the real form) and the sObject Collections upsert of
 * Leads by an external id, answering per record in request order like Salesforce does: created or updated, or
 * refused with REQUIRED_FIELD_MISSING, INVALID_EMAIL_ADDRESS or STRING_TOO_LONG. Every response carries
 * {@code Sforce-Limit-Info}.
 */
public final class SalesforceSimulator implements AutoCloseable {

    public static final String ORG_ID = "00D5g0000040000EAA";
    public static final String USER_ID = "0055g00000AbCdEAAV";
    private static final String ACCESS_TOKEN = "00D5g0000040000!AQ4AQFakeDemoToken";
    private static final int DAILY_LIMIT = 15_000;

    private final WireMockServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, ObjectNode> leads = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
    private final AtomicInteger upsertCalls = new AtomicInteger();
    private final AtomicInteger loginCalls = new AtomicInteger();
    private final AtomicLong apiUsage = new AtomicLong();
    private final AtomicLong nextId = new AtomicLong(1);
    private final String clientId;
    private final String clientSecret;
    private final String username;
    private final String password;

    public SalesforceSimulator(String clientId, String clientSecret, String username, String password) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.username = username;
        this.password = password;
        server = new WireMockServer(options().dynamicPort().extensions(new Token(), new Upsert()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]")));
        server.stubFor(post(urlPathEqualTo("/services/oauth2/token")).willReturn(aResponse()
                .withTransformers("sf-token")));
        server.stubFor(patch(urlPathMatching("/services/data/v[0-9.]+/composite/sobjects/Lead/[A-Za-z0-9_]+"))
                .willReturn(aResponse().withTransformers("sf-upsert")));
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public int upsertCalls() {
        return upsertCalls.get();
    }

    /** How many times each external id arrived in an upsert, refused ones included. */
    public Map<String, Integer> sendsByExternalId() {
        Map<String, Integer> out = new java.util.HashMap<>();
        sends.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** The WireMock server behind the simulator, for tests that add faults, delays or read the request log. */
    public WireMockServer server() {
        return server;
    }

    public int loginCalls() {
        return loginCalls.get();
    }

    /** The Leads the org holds, by external id. */
    public Map<String, ObjectNode> leads() {
        return Map.copyOf(leads);
    }

    @Override
    public void close() {
        server.stop();
    }

    private static ResponseDefinition respond(int status, String body, String usage) {
        ResponseDefinitionBuilder b = new ResponseDefinitionBuilder().withStatus(status)
                .withHeader("Content-Type", "application/json;charset=UTF-8").withBody(body);
        if (usage != null) {
            b = b.withHeader("Sforce-Limit-Info", usage);
        }
        return b.build();
    }

    private final class Token implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "sf-token";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            loginCalls.incrementAndGet();
            Map<String, String> form = FormBody.parse(event.getRequest().getBodyAsString());
            boolean ok = "password".equals(form.get("grant_type")) && clientId.equals(form.get("client_id"))
                    && clientSecret.equals(form.get("client_secret")) && username.equals(form.get("username"))
                    && password.equals(form.get("password"));
            if (!ok) {
                return respond(400, "{\"error\":\"invalid_grant\",\"error_description\":\"authentication failure\"}",
                        null);
            }
            ObjectNode t = json.createObjectNode();
            t.put("access_token", ACCESS_TOKEN);
            t.put("instance_url", server.baseUrl());
            t.put("id", server.baseUrl() + "/id/" + ORG_ID + "/" + USER_ID);
            t.put("token_type", "Bearer");
            t.put("issued_at", Long.toString(System.currentTimeMillis()));
            t.put("signature", "ZGVtby1zaWduYXR1cmU=");
            return respond(200, t.toString(), null);
        }
    }

    private final class Upsert implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "sf-upsert";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            upsertCalls.incrementAndGet();
            String usage = "api-usage=" + apiUsage.incrementAndGet() + "/" + DAILY_LIMIT;
            String auth = event.getRequest().getHeader("Authorization");
            if (auth == null || !auth.equals("Bearer " + ACCESS_TOKEN)) {
                return respond(401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]",
                        usage);
            }
            String url = event.getRequest().getUrl();
            String extIdField = url.substring(url.lastIndexOf('/') + 1);
            JsonNode body;
            try {
                body = json.readTree(event.getRequest().getBodyAsString());
            } catch (Exception e) {
                return respond(400, "[{\"message\":\"Unexpected character\",\"errorCode\":\"JSON_PARSER_ERROR\"}]",
                        usage);
            }
            JsonNode records = body.path("records");
            if (!records.isArray() || records.size() > 200) {
                return respond(400, "[{\"message\":\"Provide between 1 and 200 records\","
                        + "\"errorCode\":\"INVALID_FIELD\"}]", usage);
            }
            ArrayNode results = json.createArrayNode();
            for (JsonNode r : records) {
                results.add(upsertOne((ObjectNode) r, extIdField));
            }
            return respond(200, results.toString(), usage);
        }

        private ObjectNode upsertOne(ObjectNode r, String extIdField) {
            ObjectNode res = json.createObjectNode();
            String ext = r.path(extIdField).asText("");
            sends.computeIfAbsent(ext, k -> new AtomicInteger()).incrementAndGet();
            String problem = null;
            String code = null;
            String field = null;
            if (ext.isEmpty()) {
                code = "MISSING_ARGUMENT";
                problem = extIdField + " not specified";
                field = extIdField;
            } else if (!r.hasNonNull("LastName")) {
                code = "REQUIRED_FIELD_MISSING";
                problem = "Required fields are missing: [LastName]";
                field = "LastName";
            } else if (r.hasNonNull("Email") && !r.get("Email").asText().matches("[^@\\s]+@[^@\\s]+\\.[a-z]{2,}")) {
                code = "INVALID_EMAIL_ADDRESS";
                problem = "Email: invalid email address: " + r.get("Email").asText();
                field = "Email";
            } else if (r.hasNonNull("Phone") && r.get("Phone").asText().length() > 40) {
                code = "STRING_TOO_LONG";
                problem = "Phone: data value too large";
                field = "Phone";
            }
            if (code != null) {
                res.putNull("id");
                res.put("success", false);
                res.put("created", false);
                ObjectNode err = res.putArray("errors").addObject();
                err.put("statusCode", code);
                err.put("message", problem);
                err.putArray("fields").add(field);
                return res;
            }
            ObjectNode existing = leads.get(ext);
            boolean created = existing == null;
            ObjectNode stored = created ? json.createObjectNode() : existing;
            if (created) {
                stored.put("Id", String.format("00Q5g%013d", nextId.getAndIncrement()));
            }
            r.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("attributes")) {
                    stored.set(f.getKey(), f.getValue());
                }
            });
            leads.put(ext, stored);
            res.put("id", stored.get("Id").asText());
            res.put("success", true);
            res.putArray("errors");
            res.put("created", created);
            return res;
        }
    }
}
