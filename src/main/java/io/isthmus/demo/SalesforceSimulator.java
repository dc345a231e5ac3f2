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
 * {@code instance_url} pointing back here and an {@code id} of the real form) and the sObject Collections upsert by an
 * external id of Leads, Contacts, CampaignMembers, Tasks and custom objects (the touchpoint), answering per record in
 * request order like Salesforce does: created or updated, or refused with REQUIRED_FIELD_MISSING,
 * INVALID_EMAIL_ADDRESS, STRING_TOO_LONG or INVALID_CROSS_REFERENCE_KEY (a CampaignMember or Task pointing to no
 * Lead or Contact of this org, a Campaign id that is not one); and Bulk API 2.0 ingest jobs
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
    /** sObject → external id → record. */
    private final Map<String, Map<String, ObjectNode>> records = new ConcurrentHashMap<>();
    /** Salesforce id → sObject, for reference checks. */
    private final Map<String, String> ids = new ConcurrentHashMap<>();
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
        server = new WireMockServer(options().dynamicPort().extensions(new Token(), new Upsert(), new Bulk(),
                new Query()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]")));
        // The read-back's SOQL: the Leads sales converted (see convertLead) and their Opportunities.
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                urlPathMatching("/services/data/v[0-9.]+/query/?")).willReturn(aResponse()
                .withTransformers("sf-query")));
        server.stubFor(post(urlPathEqualTo("/services/oauth2/token")).willReturn(aResponse()
                .withTransformers("sf-token")));
        server.stubFor(patch(urlPathMatching("/services/data/v[0-9.]+/composite/sobjects/[A-Za-z0-9_]+/[A-Za-z0-9_]+"))
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
        return records("Lead");
    }

    /** The records of one sObject the org holds, by external id. */
    public Map<String, ObjectNode> records(String sobject) {
        return Map.copyOf(records.getOrDefault(sobject, Map.of()));
    }

    /** How many records of each sObject the org holds. */
    public Map<String, Integer> countsByObject() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        records.forEach((k, v) -> out.put(k, v.size()));
        return out;
    }

    /**
     * Converts a Lead as sales would: a Contact carrying the Lead's values and external id (the Lead field mapping
     * of a real org copies it over) and the Lead marked converted. Returns the new Contact's id.
     */
    public String convertLead(String externalId, String externalIdField) {
        return convertLead(externalId, externalIdField, null);
    }

    /** A deal sales opened on a Lead's conversion; the read-back's Opportunity query returns it as it is now. */
    public record Deal(String stageName, boolean closed, boolean won, java.math.BigDecimal amount,
                       java.time.LocalDate closeDate) {
    }

    /**
     * As {@link #convertLead(String, String)}, with an Opportunity for {@code deal} (none when null); {@link #setDeal}
     * moves it on later, as sales do.
     */
    public String convertLead(String externalId, String externalIdField, Deal deal) {
        ObjectNode lead = records.getOrDefault("Lead", Map.of()).get(externalId);
        if (lead == null) {
            throw new IllegalArgumentException("no Lead " + externalId);
        }
        ObjectNode contact = json.createObjectNode();
        String id = newId("Contact");
        contact.put("Id", id);
        contact.put(externalIdField, externalId);
        for (String f : List.of("Email", "FirstName", "LastName", "Phone", "Title")) {
            if (lead.has(f)) {
                contact.set(f, lead.get(f));
            }
        }
        records.computeIfAbsent("Contact", k -> new ConcurrentHashMap<>()).put(externalId, contact);
        ids.put(id, "Contact");
        lead.put("IsConverted", true);
        lead.put("ConvertedContactId", id);
        if (deal != null) {
            String opportunityId = newId("Opportunity");
            ids.put(opportunityId, "Opportunity");
            lead.put("ConvertedOpportunityId", opportunityId);
            ObjectNode o = json.createObjectNode();
            o.put("Id", opportunityId);
            o.put("CreatedDate", sfTime(java.time.Instant.now()));
            records.computeIfAbsent("Opportunity", k -> new ConcurrentHashMap<>()).put(opportunityId, o);
            setDeal(opportunityId, deal);
        }
        return id;
    }

    /** Moves an Opportunity to {@code deal}'s stage (and amount, close date); its SystemModstamp becomes now. */
    public void setDeal(String opportunityId, Deal deal) {
        ObjectNode o = records.getOrDefault("Opportunity", Map.of()).get(opportunityId);
        if (o == null) {
            throw new IllegalArgumentException("no Opportunity " + opportunityId);
        }
        o.put("StageName", deal.stageName());
        o.put("IsClosed", deal.closed());
        o.put("IsWon", deal.won());
        if (deal.amount() == null) {
            o.putNull("Amount");
        } else {
            o.put("Amount", deal.amount());
        }
        o.put("CloseDate", deal.closeDate() == null ? null : deal.closeDate().toString());
        o.put("SystemModstamp", sfTime(java.time.Instant.now()));
    }

    /** The Opportunity sales opened when the Lead with {@code externalId} was converted, if any. */
    public java.util.Optional<String> opportunityOf(String externalId) {
        ObjectNode lead = records.getOrDefault("Lead", Map.of()).get(externalId);
        return lead == null || !lead.hasNonNull("ConvertedOpportunityId") ? java.util.Optional.empty()
                : java.util.Optional.of(lead.get("ConvertedOpportunityId").asText());
    }

    private static String sfTime(java.time.Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
                .withZone(java.time.ZoneOffset.UTC).format(t);
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

    /**
     * SOQL for the read-back: a Lead query gets every converted Lead, an Opportunity query every Opportunity (one
     * complete page each; the read-back applies a conversion or a stage once), any other query an empty result.
     */
    private final class Query implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "sf-query";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            String usage = "api-usage=" + apiUsage.incrementAndGet() + "/" + DAILY_LIMIT;
            String q = event.getRequest().queryParameter("q").isPresent()
                    ? event.getRequest().queryParameter("q").firstValue() : "";
            ArrayNode out = json.createArrayNode();
            if (q.contains("FROM Lead")) {
                String extField = q.replaceFirst("^SELECT Id, ([A-Za-z0-9_]+),.*$", "$1");
                records.getOrDefault("Lead", Map.of()).forEach((ext, lead) -> {
                    if (lead.path("IsConverted").asBoolean(false)) {
                        ObjectNode r = lead.deepCopy();
                        r.putObject("attributes").put("type", "Lead").put("url", "/services/data/v60.0/sobjects/Lead/"
                                + lead.path("Id").asText());
                        r.put(extField, ext);
                        r.put("Status", "Qualified");
                        r.putNull("ConvertedAccountId");
                        if (!r.hasNonNull("ConvertedOpportunityId")) {
                            r.putNull("ConvertedOpportunityId");
                        }
                        r.put("SystemModstamp", sfTime(java.time.Instant.now()));
                        out.add(r);
                    }
                });
            } else if (q.contains("FROM Opportunity")) {
                records.getOrDefault("Opportunity", Map.of()).values().forEach(o -> {
                    ObjectNode r = o.deepCopy();
                    r.putObject("attributes").put("type", "Opportunity").put("url",
                            "/services/data/v60.0/sobjects/Opportunity/" + o.path("Id").asText());
                    out.add(r);
                });
            }
            ObjectNode page = json.createObjectNode();
            page.put("totalSize", out.size());
            page.put("done", true);
            page.set("records", out);
            return respond(200, page.toString(), usage);
        }
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
            String[] parts = (url.contains("?") ? url.substring(0, url.indexOf('?')) : url).split("/");
            String sobject = parts[parts.length - 2];
            String extIdField = parts[parts.length - 1];
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
                if (!sobject.equals(r.path("attributes").path("type").asText())) {
                    return respond(400, "[{\"message\":\"The list can contain objects only of the type indicated "
                            + "in the request URI\",\"errorCode\":\"INVALID_FIELD\"}]", usage);
                }
            }
            for (JsonNode r : records) {
                results.add(upsertOne(sobject, (ObjectNode) r, extIdField));
            }
            return respond(200, results.toString(), usage);
        }
    }

    private ObjectNode upsertOne(String sobject, ObjectNode r, String extIdField) {
        ObjectNode res = json.createObjectNode();
        String ext = r.path(extIdField).asText("");
        if (sobject.equals("Lead")) {
            sends.computeIfAbsent(ext, x -> new AtomicInteger()).incrementAndGet();
        }
        Map<String, ObjectNode> table = records.computeIfAbsent(sobject, k -> new ConcurrentHashMap<>());
        ObjectNode existing = table.get(ext);
        String[] problem = ext.isEmpty() ? new String[] {"MISSING_ARGUMENT", extIdField + " not specified", extIdField}
                : problem(sobject, r, existing);
        if (problem != null) {
            res.putNull("id");
            res.put("success", false);
            res.put("created", false);
            ObjectNode err = res.putArray("errors").addObject();
            err.put("statusCode", problem[0]);
            err.put("message", problem[1]);
            err.putArray("fields").add(problem[2]);
            return res;
        }
        boolean created = existing == null;
        ObjectNode stored = created ? json.createObjectNode() : existing;
        if (created) {
            String id = newId(sobject);
            stored.put("Id", id);
            ids.put(id, sobject);
        }
        r.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("attributes")) {
                stored.set(f.getKey(), f.getValue());
            }
        });
        table.put(ext, stored);
        res.put("id", stored.get("Id").asText());
        res.put("success", true);
        res.putArray("errors");
        res.put("created", created);
        return res;
    }

    /** Salesforce's refusal of the record as {code, message, field}, or null when it is accepted. */
    private String[] problem(String sobject, ObjectNode r, ObjectNode existing) {
        switch (sobject) {
            case "Lead", "Contact" -> {
                if (existing == null && !r.hasNonNull("LastName")) {
                    return new String[] {"REQUIRED_FIELD_MISSING", "Required fields are missing: [LastName]",
                            "LastName"};
                }
                if (existing != null && existing.path("IsConverted").asBoolean(false)) {
                    return new String[] {"CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead", "Id"};
                }
                if (r.hasNonNull("Email") && !r.get("Email").asText().matches("[^@\\s]+@[^@\\s]+\\.[a-z]{2,}")) {
                    return new String[] {"INVALID_EMAIL_ADDRESS", "Email: invalid email address: "
                            + r.get("Email").asText(), "Email"};
                }
                if (r.hasNonNull("Phone") && r.get("Phone").asText().length() > 40) {
                    return new String[] {"STRING_TOO_LONG", "Phone: data value too large", "Phone"};
                }
            }
            case "CampaignMember" -> {
                if (!r.path("CampaignId").asText("").startsWith("701")) {
                    return new String[] {"INVALID_CROSS_REFERENCE_KEY", "Campaign ID: id value of incorrect type: "
                            + r.path("CampaignId").asText(""), "CampaignId"};
                }
                String who = r.hasNonNull("ContactId") ? r.get("ContactId").asText() : r.path("LeadId").asText("");
                if (existing == null && !ids.containsKey(who)) {
                    return new String[] {"REQUIRED_FIELD_MISSING", "Required fields are missing: [LeadId, ContactId]",
                            "LeadId"};
                }
            }
            case "Task" -> {
                String who = r.path("WhoId").asText("");
                if (!who.isEmpty() && !"Lead".equals(ids.get(who)) && !"Contact".equals(ids.get(who))) {
                    return new String[] {"INVALID_CROSS_REFERENCE_KEY", "Name ID: id value of incorrect type: " + who,
                            "WhoId"};
                }
                if (existing == null && !r.hasNonNull("Subject")) {
                    return new String[] {"REQUIRED_FIELD_MISSING", "Required fields are missing: [Subject]",
                            "Subject"};
                }
            }
            default -> {
                if (!sobject.endsWith("__c")) {
                    return new String[] {"INVALID_TYPE", "sObject type '" + sobject + "' is not supported", "type"};
                }
            }
        }
        return null;
    }

    /** A new record id with the object's key prefix: 00Q Lead, 003 Contact, 00v CampaignMember, 00T Task. */
    private String newId(String sobject) {
        String prefix = switch (sobject) {
            case "Lead" -> "00Q";
            case "Contact" -> "003";
            case "CampaignMember" -> "00v";
            case "Task" -> "00T";
            default -> "a0X";
        };
        return String.format("%s5g%013d", prefix, nextId.getAndIncrement());
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
                ObjectNode res = upsertOne(job.object, r, job.externalIdField);
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
