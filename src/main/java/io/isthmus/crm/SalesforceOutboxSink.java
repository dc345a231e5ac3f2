package io.isthmus.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.ops.IsthmusMetrics;
import io.isthmus.ops.RecordLog;
import io.isthmus.store.Database;
import io.isthmus.store.DeadLetterRepository;
import io.isthmus.store.OutboxRepository;
import io.isthmus.store.OutboxRepository.OutboxRow;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean behind the Salesforce sink route. {@link #nextBatch()} claims up to 200 Lead rows and builds the sObject
 * Collections upsert body; the route sends it; {@link #confirm} reads the per-record results (HTTP 200 even when
 * records fail) and marks each row sent, retried or dead; {@link #failed} handles a call that failed as a whole.
 * The claimed batch travels with the exchange, so overlapping drains can never confirm each other's rows.
 */
public final class SalesforceOutboxSink {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceOutboxSink.class);
    static final String LEAD = "Lead";
    /** Long enough for a slow call and its retries; a crashed sender's rows come back after it. */
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final Database db;
    private final OutboxRepository outbox;
    private final IsthmusSettings.Salesforce settings;
    private final IsthmusMetrics metrics;
    private final ApiBudget budget;
    private final Clock clock;
    private final String owner;
    private final DeadLetterRepository deadLetters = new DeadLetterRepository();
    private final ObjectMapper json = new ObjectMapper();

    public SalesforceOutboxSink(Database db, OutboxRepository outbox, IsthmusSettings.Salesforce settings,
                                IsthmusMetrics metrics, ApiBudget budget, Clock clock, String owner) {
        this.db = db;
        this.outbox = outbox;
        this.settings = settings;
        this.metrics = metrics;
        this.budget = budget;
        this.clock = clock;
        this.owner = owner;
    }

    /** The collections upsert path for Leads by the external-id field. */
    public String upsertPath() {
        return "/services/data/v" + settings.apiVersion() + "/composite/sobjects/" + LEAD + "/"
                + settings.externalIdField();
    }

    /** Rows claimed for one call and the request body built from them. */
    public record Batch(List<OutboxRow> rows, String body) {
    }

    /** Claims the next batch, or returns null when the outbox has nothing to send. */
    public Batch nextBatch() {
        List<OutboxRow> rows = db.inTransaction(c ->
                outbox.claim(c, LEAD, owner, settings.batchSize(), LEASE, clock.instant()));
        if (rows.isEmpty()) {
            return null;
        }
        ObjectNode body = json.createObjectNode();
        body.put("allOrNone", false);
        ArrayNode records = body.putArray("records");
        for (OutboxRow r : rows) {
            ObjectNode rec = records.addObject();
            rec.putObject("attributes").put("type", LEAD);
            rec.put(settings.externalIdField(), r.externalId());
            JsonNode fields = read(r.payload());
            Iterator<Map.Entry<String, JsonNode>> it = fields.fields();
            while (it.hasNext()) {
                // The mapper already left out unknown contact values; a null here clears an isthmus-owned field.
                Map.Entry<String, JsonNode> f = it.next();
                rec.set(f.getKey(), f.getValue());
            }
        }
        return new Batch(rows, body.toString());
    }

    /** Reads the collections response for {@code batch}; returns the number of rows confirmed. */
    public int confirm(Batch batch, String responseBody, String limitInfo) {
        budget.observe(limitInfo);
        List<OutboxRow> rows = batch.rows();
        metrics.crmCall("collections-upsert", "ok");
        JsonNode results = read(responseBody);
        if (!results.isArray() || results.size() != rows.size()) {
            String why = "collections response has " + (results.isArray() ? results.size() + " results" : "no array")
                    + " for " + rows.size() + " records";
            LOG.error("salesforce sink: {}; the batch will be retried", why);
            releaseAll(rows, why);
            return 0;
        }
        Instant now = clock.instant();
        int[] counts = new int[3];
        db.inTransaction(c -> {
            for (int i = 0; i < rows.size(); i++) {
                OutboxRow row = rows.get(i);
                JsonNode res = results.get(i);
                if (res.path("success").asBoolean(false)) {
                    outbox.markSent(c, row, owner, res.path("id").asText(null), now);
                    counts[0]++;
                    try (RecordLog.Scope log = RecordLog.buyer(row.buyerId())) {
                        LOG.debug("salesforce sink: Lead {} upserted as {}", row.externalId(), res.path("id").asText());
                    }
                    continue;
                }
                JsonNode err = res.path("errors").path(0);
                String code = err.path("statusCode").asText("UNKNOWN_ERROR");
                String message = err.path("message").asText("(no message)");
                metrics.crmError(code);
                if (CrmErrors.isRetriableRecordError(code) && row.attempts() < settings.maxAttempts()) {
                    outbox.release(c, row, owner, code + ": " + message, now);
                    counts[1]++;
                } else {
                    outbox.markDead(c, row, owner, code + ": " + message, now);
                    deadLetters.add(c, DeadLetterRepository.Kind.CRM_RECORD, "salesforce:" + LEAD,
                            Long.toString(row.id()), row.buyerId(), row.payload(), code,
                            message + fieldsOf(err), now);
                    counts[2]++;
                    try (RecordLog.Scope log = RecordLog.buyer(row.buyerId())) {
                        LOG.warn("salesforce sink: Lead {} refused, {}: {}; sent to dead letters", row.externalId(),
                                code, message);
                    }
                }
            }
            return null;
        });
        metrics.crmRecords("confirmed", counts[0]);
        metrics.crmRecords("retried", counts[1]);
        metrics.crmRecords("rejected", counts[2]);
        metrics.deadLetter("crm", counts[2]);
        LOG.info("salesforce sink: {} upserted, {} to retry, {} rejected to dead letters", counts[0], counts[1],
                counts[2]);
        return counts[0];
    }

    /** The call failed as a whole: rows go back to the outbox, or to dead letters once out of attempts. */
    public void failed(Batch batch, Exception e) {
        List<OutboxRow> rows = batch.rows();
        CrmErrors.Failure f = CrmErrors.classify(e);
        metrics.crmCall("collections-upsert", "failed");
        metrics.crmError(f.code());
        if (f.code().equals("REQUEST_LIMIT_EXCEEDED")) {
            budget.exhausted();
        }
        LOG.warn("salesforce sink: call failed ({}: {}); {} rows back to the outbox", f.code(), f.message(),
                rows.size());
        releaseAll(rows, f.code() + ": " + f.message());
    }

    private void releaseAll(List<OutboxRow> rows, String why) {
        Instant now = clock.instant();
        db.inTransaction(c -> {
            int dead = 0;
            for (OutboxRow row : rows) {
                if (row.attempts() >= settings.maxAttempts()) {
                    outbox.markDead(c, row, owner, why, now);
                    deadLetters.add(c, DeadLetterRepository.Kind.CRM_RECORD, "salesforce:" + LEAD,
                            Long.toString(row.id()), row.buyerId(), row.payload(), "MAX_ATTEMPTS",
                            "gave up after " + row.attempts() + " attempts; last error " + why, now);
                    dead++;
                    try (RecordLog.Scope log = RecordLog.buyer(row.buyerId())) {
                        LOG.warn("salesforce sink: Lead {} gave up after {} attempts ({}); sent to dead letters",
                                row.externalId(), row.attempts(), why);
                    }
                } else {
                    outbox.release(c, row, owner, why, now);
                }
            }
            metrics.deadLetter("crm", dead);
            return null;
        });
    }

    private JsonNode read(String text) {
        try {
            JsonNode n = json.readTree(text == null ? "" : text);
            return n == null ? json.nullNode() : n;
        } catch (IOException e) {
            return json.nullNode();
        }
    }

    private static String fieldsOf(JsonNode err) {
        JsonNode fields = err.path("fields");
        return fields.isArray() && !fields.isEmpty() ? " (fields " + fields + ")" : "";
    }
}
