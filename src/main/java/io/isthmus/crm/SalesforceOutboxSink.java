package io.isthmus.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.crm.OutboxSettlement.Outcome;
import io.isthmus.ops.IsthmusMetrics;
import io.isthmus.ops.RecordLog;
import io.isthmus.store.CrmLinkRepository;
import io.isthmus.store.Database;
import io.isthmus.store.OutboxRepository;
import io.isthmus.store.OutboxRepository.OutboxRow;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean behind the Salesforce sink route. {@link #nextCall} decides the next call: nothing while the
 * {@link SinkGuard} holds the sink back; the next step of a running Bulk API 2.0 job; otherwise work for the first
 * object, in write order (Lead, Contact, CampaignMember, Task, touchpoint), that has rows waiting: a new Bulk job when
 * at least {@code bulkThreshold} of its records wait, else one sObject Collections upsert of up to 200 by the
 * object's external-id field. The route makes the call through {@code salesforce:raw} and hands the answer to
 * {@link #onResponse} or the failure to {@link #onFailure}. Rows are marked sent only once Salesforce confirmed them;
 * the claimed rows travel with the call, so overlapping drains never settle each other's rows.
 *
 * <p>Records that point to the buyer's Lead or Contact (CampaignMember.LeadId/ContactId, Task.WhoId, the
 * touchpoint's lookups) get the id when they are sent. Because Leads are written first, a CampaignMember whose Lead is
 * created in the same drain finds its id; one whose Lead or Contact has no id yet waits ({@value #WAITING_FOR_PARENT},
 * retried with backoff, dead letters after {@code maxAttempts}). Ordered calls were chosen over the Composite API:
 * Composite takes 25 subrequests, a collections upsert 200 records, and the ordered writes keep every object's
 * per-record results, no-op suppression and Bulk path the same as for Leads.
 */
public final class SalesforceOutboxSink {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceOutboxSink.class);
    /** Per-record code of a record whose Lead or Contact has no Salesforce id yet. */
    static final String WAITING_FOR_PARENT = "WAITING_FOR_PARENT";
    /** A record whose Lead or Contact has no id and none is queued: it would wait for nothing. */
    static final String PARENT_NOT_IN_CRM = "PARENT_NOT_IN_CRM";
    /** Long enough for a slow call and its retries; a crashed sender's rows come back after it. */
    private static final Duration LEASE = Duration.ofMinutes(5);

    /** The rows of one collections call. */
    record CollectionsBatch(List<OutboxRow> rows) {
    }

    /** Claimed rows ready to send, with the fields pointing to their Lead or Contact (row id → field → id). */
    private record Ready(List<OutboxRow> rows, Map<Long, Map<String, String>> refs) {
    }

    private final Database db;
    private final OutboxRepository outbox;
    private final IsthmusSettings.Salesforce settings;
    private final IsthmusMetrics metrics;
    private final ApiBudget budget;
    private final SinkGuard guard;
    private final Clock clock;
    private final String owner;
    private final OutboxSettlement settlement;
    private final List<SinkObject> objects;
    private final CrmLinkRepository links = new CrmLinkRepository();
    private final ObjectMapper json = new ObjectMapper();
    /** The Bulk API job being processed by Salesforce, polled by the following drains. */
    private volatile SalesforceBulkJob activeJob;
    private volatile boolean jobStillRunning;

    public SalesforceOutboxSink(Database db, OutboxRepository outbox, IsthmusSettings.Salesforce settings,
                                IsthmusMetrics metrics, ApiBudget budget, SinkGuard guard, Clock clock,
                                String owner, SalesforceObjects objects) {
        this.objects = SinkObject.inWriteOrder(settings.externalIdField(), objects);
        this.db = db;
        this.outbox = outbox;
        this.settings = settings;
        this.metrics = metrics;
        this.budget = budget;
        this.guard = guard;
        this.clock = clock;
        this.owner = owner;
        this.settlement = new OutboxSettlement(db, outbox, metrics, clock, owner, settings.maxAttempts(),
                settings.sink().backoffBase(), settings.sink().backoffMax());
    }

    /** The collections upsert path of an object by its external-id field. */
    private String upsertPath(SinkObject o) {
        return "/services/data/v" + settings.apiVersion() + "/composite/sobjects/" + o.name() + "/"
                + o.externalIdField();
    }

    /**
     * The next call of this drain, or null when the drain ends: nothing to send, the guard says stop, the API
     * budget allowed one call only, or the running bulk job was just polled and is not finished.
     *
     * @param previous the call this drain made last; null at the start of a drain
     */
    public synchronized SinkCall nextCall(SinkCall previous) {
        if (previous == null) {
            jobStillRunning = false;
        } else if (previous.last()) {
            return null;
        }
        if (previous != null && jobStillRunning) {
            jobStillRunning = false;
            return null;
        }
        SinkGuard.Admission admission = guard.admit();
        if (admission == SinkGuard.Admission.STOP) {
            return null;
        }
        SinkCall call = null;
        SalesforceBulkJob job = activeJob;
        if (job != null && clock.instant().isAfter(job.startedAt().plus(settings.sink().bulkTimeout()))) {
            LOG.warn("salesforce sink: bulk job {} unfinished after {}; its {} records go back to the outbox",
                    job.jobId(), settings.sink().bulkTimeout(), job.rows().size());
            settlement.releaseAll(job.rows(), "bulk job " + job.jobId() + " timed out", true);
            activeJob = null;
            job = null;
        }
        if (job != null) {
            call = job.call();
        } else {
            call = newWork();
        }
        if (call == null) {
            guard.unused();
            return null;
        }
        return admission == SinkGuard.Admission.ONE_CALL ? call.lastOfDrain() : call;
    }

    /**
     * Salesforce answered {@code call}; reads the answer and settles the rows it covers. Bound by annotation: a CSV
     * body given through a method expression would lose its enclosing quotes.
     */
    public synchronized void onResponse(@ExchangeProperty("isthmusCall") SinkCall call, @Body String body,
                                        @Header("Sforce-Limit-Info") String limitInfo) {
        budget.observe(limitInfo);
        guard.answered();
        metrics.crmCall(call.operation(), "ok");
        if (call.work() instanceof CollectionsBatch batch) {
            confirmCollections(batch.rows(), body);
        } else if (call.work() instanceof SalesforceBulkJob job) {
            advance(job, body);
        }
    }

    /** The call failed as a whole; {@link CrmErrors} says why, the guard and the rows react accordingly. */
    public synchronized void onFailure(SinkCall call, Exception e, String limitInfo) {
        budget.observe(limitInfo);
        CrmErrors.Failure f = CrmErrors.classify(e);
        CrmErrors.Kind kind = CrmErrors.kind(f);
        metrics.crmCall(call.operation(), "failed");
        metrics.crmError(f.code());
        switch (kind) {
            case LIMIT -> guard.limitExceeded();
            case AUTH, OUTAGE -> guard.outage(e);
            case REQUEST -> guard.answered();
        }
        // Neither the org's limit nor the integration's login is the records' fault: those waits are not counted.
        boolean counted = kind == CrmErrors.Kind.OUTAGE || kind == CrmErrors.Kind.REQUEST;
        String why = f.code() + ": " + f.message();
        LOG.warn("salesforce sink: {} failed ({}, {}); its records stay in the outbox", call, kind, why);
        if (call.work() instanceof CollectionsBatch batch) {
            settlement.releaseAll(batch.rows(), why, counted);
        } else if (call.work() instanceof SalesforceBulkJob job && kind == CrmErrors.Kind.REQUEST) {
            // Salesforce refused the job itself: give its records back; a later drain starts afresh.
            settlement.releaseAll(job.rows(), why, true);
            activeJob = null;
        }
        // Otherwise a bulk job keeps its step and a later drain repeats it once the guard lets it.
    }

    /** The running bulk job, if any (operators and tests). */
    public SalesforceBulkJob activeJob() {
        return activeJob;
    }

    private SinkCall newWork() {
        Instant now = clock.instant();
        Map<String, Long> waiting = db.inTransaction(c -> outbox.claimableByObject(c, now));
        for (SinkObject o : objects) {
            long n = waiting.getOrDefault(o.name(), 0L);
            SinkCall call = n == 0 ? null : newWork(o, n, now);
            if (call != null) {
                return call;
            }
        }
        return null;
    }

    private SinkCall newWork(SinkObject o, long waiting, Instant now) {
        IsthmusSettings.Sink sink = settings.sink();
        if (waiting >= sink.bulkThreshold()) {
            Ready ready = ready(o, claim(o, sink.bulkJobSize(), sink.bulkTimeout().plus(LEASE)));
            if (ready.rows().isEmpty()) {
                return null;
            }
            SalesforceBulkJob job = new SalesforceBulkJob(settings.apiVersion(), o.name(), o.externalIdField(),
                    ready.rows(), now, ready.refs());
            activeJob = job;
            LOG.info("salesforce sink: {} {} records waiting, sending {} through a Bulk API 2.0 job", waiting,
                    o.name(), ready.rows().size());
            return job.call();
        }
        Ready ready = ready(o, claim(o, settings.batchSize(), LEASE));
        if (ready.rows().isEmpty()) {
            return null;
        }
        return new SinkCall("collections-upsert", "PATCH", upsertPath(o), SinkCall.JSON,
                collectionsBody(o, ready), new CollectionsBatch(ready.rows()), false);
    }

    /** Claims rows; of two rows for the same record only the newest is sent (the older is superseded). */
    private List<OutboxRow> claim(SinkObject o, int limit, Duration lease) {
        return db.inTransaction(c -> {
            List<OutboxRow> claimed = outbox.claim(c, o.name(), owner, limit, lease, clock.instant());
            Map<String, OutboxRow> newest = new HashMap<>();
            List<OutboxRow> keep = new ArrayList<>(claimed.size());
            for (OutboxRow r : claimed) {
                OutboxRow before = newest.put(r.externalId(), r);
                if (before != null) {
                    outbox.supersede(c, before, owner, clock.instant());
                }
            }
            for (OutboxRow r : claimed) {
                if (newest.get(r.externalId()) == r) {
                    keep.add(r);
                }
            }
            return keep;
        });
    }

    /**
     * The rows whose Lead or Contact id is known, with the fields pointing to it; the others go back to wait for
     * it. After conversion a record points to the Contact; an object without a Contact field then goes without.
     */
    private Ready ready(SinkObject o, List<OutboxRow> rows) {
        if (!o.pointsToBuyer() || rows.isEmpty()) {
            return new Ready(rows, Map.of());
        }
        List<OutboxRow> ok = new ArrayList<>(rows.size());
        Map<Long, Map<String, String>> refs = new HashMap<>();
        List<Outcome> waiting = new ArrayList<>();
        db.inTransaction(c -> {
            for (OutboxRow r : rows) {
                CrmLinkRepository.WhoIds who = links.whoIds(c, r.buyerId());
                String field = who.converted() ? o.contactRef() : o.leadRef();
                String id = who.converted() ? who.contactId() : who.leadId();
                if (field != null && id == null) {
                    String parent = who.converted() ? "Contact" : "Lead";
                    // Waiting only helps while the parent is still on its way; one Salesforce refused (a dead
                    // letter) or that was never queued will not come, so the record says so in a dead letter of its
                    // own, to be retried once the parent is fixed and sent.
                    waiting.add(outbox.isQueued(c, parent, r.buyerId())
                            ? Outcome.refused(r, WAITING_FOR_PARENT, "the buyer's " + parent
                                    + " has no Salesforce id yet")
                            : Outcome.refused(r, PARENT_NOT_IN_CRM, "the buyer's " + parent + " is not in "
                                    + "Salesforce and none is queued (refused? see its dead letter); retry this "
                                    + "record after the " + parent + " is sent"));
                    continue;
                }
                if (field != null) {
                    refs.put(r.id(), Map.of(field, id));
                }
                ok.add(r);
            }
            return null;
        });
        if (!waiting.isEmpty()) {
            settlement.settle(waiting);
            LOG.info("salesforce sink: {} {} records wait for their Lead or Contact to reach Salesforce",
                    waiting.size(), o.name());
        }
        return new Ready(ok, refs);
    }

    private String collectionsBody(SinkObject o, Ready ready) {
        ObjectNode body = json.createObjectNode();
        body.put("allOrNone", false);
        ArrayNode records = body.putArray("records");
        for (OutboxRow r : ready.rows()) {
            ObjectNode rec = records.addObject();
            rec.putObject("attributes").put("type", o.name());
            rec.put(o.externalIdField(), r.externalId());
            Iterator<Map.Entry<String, JsonNode>> it = read(r.payload()).fields();
            while (it.hasNext()) {
                // The mapper already left out unknown contact values; a null here clears an isthmus-owned field.
                Map.Entry<String, JsonNode> f = it.next();
                rec.set(f.getKey(), f.getValue());
            }
            ready.refs().getOrDefault(r.id(), Map.of()).forEach(rec::put);
        }
        return body.toString();
    }

    private void confirmCollections(List<OutboxRow> rows, String responseBody) {
        JsonNode results = read(responseBody);
        if (!results.isArray() || results.size() != rows.size()) {
            String why = "collections response has " + (results.isArray() ? results.size() + " results" : "no array")
                    + " for " + rows.size() + " records";
            LOG.error("salesforce sink: {}; the batch will be retried", why);
            settlement.releaseAll(rows, why, true);
            return;
        }
        List<Outcome> outcomes = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode res = results.get(i);
            if (res.path("success").asBoolean(false)) {
                outcomes.add(Outcome.confirmed(rows.get(i), res.path("id").asText(null)));
            } else {
                JsonNode err = res.path("errors").path(0);
                outcomes.add(Outcome.refused(rows.get(i), err.path("statusCode").asText("UNKNOWN_ERROR"),
                        err.path("message").asText("(no message)") + fieldsOf(err)));
            }
        }
        OutboxSettlement.Tally t = settlement.settle(outcomes);
        LOG.info("salesforce sink: {} upserted, {} to retry, {} rejected to dead letters", t.confirmed(),
                t.retried(), t.rejected());
    }

    private void advance(SalesforceBulkJob job, String body) {
        boolean moving;
        try {
            moving = job.accept(body);
        } catch (RuntimeException e) {
            LOG.error("salesforce sink: bulk job {}: {}; its records go back to the outbox", job.jobId(),
                    e.getMessage());
            settlement.releaseAll(job.rows(), String.valueOf(e.getMessage()), true);
            activeJob = null;
            return;
        }
        if (!moving) {
            jobStillRunning = true;
            return;
        }
        if (job.done()) {
            activeJob = null;
            OutboxSettlement.Tally t = settlement.settle(job.outcomes());
            LOG.info("salesforce sink: bulk job {} done{}: {} upserted, {} to retry, {} rejected to dead letters",
                    job.jobId(), job.errorMessage() == null ? "" : " (" + job.errorMessage() + ")", t.confirmed(),
                    t.retried(), t.rejected());
        }
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
