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
import io.isthmus.crm.BulkCsv;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process Salesforce org for the demo: the OAuth username-password token endpoint (response with
 * {@code instance_url} pointing back here and an {@code id} of the real form) and the sObject Collections upsert of
 * Leads by an external id, answering per record in request order like Salesforce does: created or updated, or
 * refused with REQUIRED_FIELD_MISSING, INVALID_EMAIL_ADDRESS or STRING_TOO_LONG; and Bulk API 2.0 ingest jobs
 * (create, CSV upload, close, a poll that first finds the job InProgress, then shuffled successful and failed result
 * CSVs), with the same per-record rules. Every REST response carries {@code Sforce-Limit-Info}.
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
    private final AtomicInteger bulkCalls = new AtomicInteger();
    private final Map<String, BulkJob> jobs = new ConcurrentHashMap<>();
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
        server = new WireMockServer(options().dynamicPort().extensions(new Token(), new Upsert(), new Bulk()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]")));
        // The read-back's SOQL: this org has no sales activity to report (an empty, complete result).
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                urlPathMatching("/services/data/v[0-9.]+/query/?")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody("{\"totalSize\":0,\"done\":true,\"records\":[]}")));
        server.stubFor(post(urlPathEqualTo("/services/oauth2/token")).willReturn(aResponse()
                .withTransformers("sf-token")));
        server.stubFor(patch(urlPathMatching("/services/data/v[0-9.]+/composite/sobjects/Lead/[A-Za-z0-9_]+"))
                .willReturn(aResponse().withTransformers("sf-upsert")));
        server.stubFor(any(urlPathMatching("/services/data/v[0-9.]+/jobs/ingest.*"))
                .willReturn(aResponse().withTransformers("sf-bulk")));
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public int upsertCalls() {
        return upsertCalls.get();
    }

    /** Every REST call answered (login excluded): collections and Bulk API alike. */
    public int apiCalls() {
        return upsertCalls.get() + bulkCalls.get();
    }

    public int bulkCalls() {
        return bulkCalls.get();
    }

    /** Sets the org's usage as the next Sforce-Limit-Info will report it (for budget scenarios). */
    public void setApiUsage(long used) {
        apiUsage.set(used);
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
    }

    private ObjectNode upsertOne(ObjectNode r, String extIdField) {
        ObjectNode res = json.createObjectNode();
        String ext = r.path(extIdField).asText("");
        sends.computeIfAbsent(ext, x -> new AtomicInteger()).incrementAndGet();
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

    /** A Bulk API 2.0 ingest job: the uploaded CSV, processed on close; the first poll still finds it running. */
    private static final class BulkJob {
        final String id;
        final String object;
        final String externalIdField;
        final StringBuilder csv = new StringBuilder();
        volatile String state = "Open";
        volatile int polls;
        final List<List<String>> succeeded = new ArrayList<>();
        final List<List<String>> failed = new ArrayList<>();
        List<String> header = List.of();

        BulkJob(String id, String object, String externalIdField) {
            this.id = id;
            this.object = object;
            this.externalIdField = externalIdField;
        }
    }

    private final class Bulk implements ResponseDefinitionTransformerV2 {
        private final Pattern path = Pattern.compile("/services/data/v([0-9.]+)/jobs/ingest/?([^/?]*)/?([^/?]*)/?");

        @Override
        public String getName() {
            return "sf-bulk";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            bulkCalls.incrementAndGet();
            String usage = "api-usage=" + apiUsage.incrementAndGet() + "/" + DAILY_LIMIT;
            String auth = event.getRequest().getHeader("Authorization");
            if (auth == null || !auth.equals("Bearer " + ACCESS_TOKEN)) {
                return respond(401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]",
                        usage);
            }
            String url = event.getRequest().getUrl();
            Matcher m = path.matcher(url.contains("?") ? url.substring(0, url.indexOf('?')) : url);
            if (!m.matches()) {
                return respond(404, "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"no such resource\"}]", usage);
            }
            String method = event.getRequest().getMethod().getName();
            String jobId = m.group(2);
            String part = m.group(3);
            try {
                if (jobId.isEmpty() && method.equals("POST")) {
                    JsonNode b = json.readTree(event.getRequest().getBodyAsString());
                    String id = String.format("7505g%013d", nextId.getAndIncrement());
                    BulkJob job = new BulkJob(id, b.path("object").asText(), b.path("externalIdFieldName").asText());
                    jobs.put(id, job);
                    return respond(200, jobJson(job, m.group(1)).toString(), usage);
                }
                BulkJob job = jobs.get(jobId);
                if (job == null) {
                    return respond(404, "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"no such job\"}]", usage);
                }
                if (part.equals("batches") && method.equals("PUT")) {
                    job.csv.append(event.getRequest().getBodyAsString());
                    return new ResponseDefinitionBuilder().withStatus(201).withHeader("Sforce-Limit-Info", usage)
                            .build();
                }
                if (part.isEmpty() && method.equals("PATCH")) {
                    process(job);
                    return respond(200, jobJson(job, m.group(1)).toString(), usage);
                }
                if (part.isEmpty() && method.equals("GET")) {
                    if (job.state.equals("UploadComplete") && job.polls++ > 0) {
                        job.state = "JobComplete";
                    } else if (job.state.equals("UploadComplete")) {
                        ObjectNode running = jobJson(job, m.group(1));
                        running.put("state", "InProgress");
                        return respond(200, running.toString(), usage);
                    }
                    return respond(200, jobJson(job, m.group(1)).toString(), usage);
                }
                if (method.equals("GET") && part.equals("successfulResults")) {
                    return csv(results(job, "sf__Created", job.succeeded), usage);
                }
                if (method.equals("GET") && part.equals("failedResults")) {
                    return csv(results(job, "sf__Error", job.failed), usage);
                }
                if (method.equals("GET") && part.equalsIgnoreCase("unprocessedrecords")) {
                    return csv(BulkCsv.line(job.header) + "\n", usage);
                }
            } catch (Exception e) {
                return respond(400, "[{\"errorCode\":\"INVALIDJOB\",\"message\":\"" + e.getClass().getSimpleName()
                        + "\"}]", usage);
            }
            return respond(405, "[{\"errorCode\":\"METHOD_NOT_ALLOWED\",\"message\":\"" + method + "\"}]", usage);
        }

        private void process(BulkJob job) {
            List<List<String>> table = BulkCsv.parse(job.csv.toString());
            job.header = table.isEmpty() ? List.of() : table.get(0);
            for (List<String> line : table.subList(Math.min(1, table.size()), table.size())) {
                ObjectNode r = json.createObjectNode();
                for (int i = 0; i < job.header.size() && i < line.size(); i++) {
                    if (!line.get(i).isEmpty()) {
                        r.put(job.header.get(i), line.get(i));
                    }
                }
                ObjectNode res = upsertOne(r, job.externalIdField);
                List<String> out = new ArrayList<>();
                if (res.path("success").asBoolean()) {
                    out.add(res.path("id").asText());
                    out.add(Boolean.toString(res.path("created").asBoolean()));
                    out.addAll(line);
                    job.succeeded.add(out);
                } else {
                    JsonNode err = res.path("errors").path(0);
                    out.add("");
                    out.add(err.path("statusCode").asText() + ":" + err.path("message").asText() + ":--");
                    out.addAll(line);
                    job.failed.add(out);
                }
            }
            job.state = "UploadComplete";
        }

        private String results(BulkJob job, String second, List<List<String>> rows) {
            List<String> head = new ArrayList<>(List.of("sf__Id", second));
            head.addAll(job.header);
            StringBuilder sb = new StringBuilder(BulkCsv.line(head)).append('\n');
            List<List<String>> shuffled = new ArrayList<>(rows);
            // Salesforce gives result rows in no particular order.
            Collections.shuffle(shuffled, new Random(job.id.hashCode()));
            for (List<String> r : shuffled) {
                sb.append(BulkCsv.line(r)).append('\n');
            }
            return sb.toString();
        }

        private ObjectNode jobJson(BulkJob job, String version) {
            ObjectNode j = json.createObjectNode();
            j.put("id", job.id);
            j.put("operation", "upsert");
            j.put("object", job.object);
            j.put("createdById", USER_ID);
            j.put("state", job.state);
            j.put("externalIdFieldName", job.externalIdField);
            j.put("concurrencyMode", "Parallel");
            j.put("contentType", "CSV");
            j.put("apiVersion", Double.parseDouble(version));
            j.put("contentUrl", "services/data/v" + version + "/jobs/ingest/" + job.id + "/batches");
            j.put("lineEnding", "LF");
            j.put("columnDelimiter", "COMMA");
            if (job.state.equals("JobComplete")) {
                j.put("numberRecordsProcessed", job.succeeded.size() + job.failed.size());
                j.put("numberRecordsFailed", job.failed.size());
            }
            return j;
        }

        private ResponseDefinition csv(String body, String usage) {
            return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "text/csv")
                    .withHeader("Sforce-Limit-Info", usage).withBody(body).build();
        }
    }
}
