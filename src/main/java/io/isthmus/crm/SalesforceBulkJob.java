package io.isthmus.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.crm.OutboxSettlement.Outcome;
import io.isthmus.store.OutboxRepository.OutboxRow;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Bulk API 2.0 ingest job (upsert by the external id) walked step by step: create, upload the CSV, close
 * (UploadComplete), poll until JobComplete, Failed or Aborted, then read the successful, failed and unprocessed
 * results. Result files come back in any order, so rows are matched by their external id, never by position.
 * Not thread-safe: one drain drives it at a time.
 */
final class SalesforceBulkJob {

    enum Step { CREATE, UPLOAD, CLOSE, POLL, SUCCESSES, FAILURES, UNPROCESSED, DONE }

    /** Code for a record the job did not process (a job that failed or was aborted): it is tried again. */
    static final String UNPROCESSED = "BULK_UNPROCESSED";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String basePath;
    private final String sobject;
    private final String externalIdField;
    private final List<OutboxRow> rows;
    private final Map<String, OutboxRow> byExternalId = new HashMap<>();
    private final Map<String, Outcome> outcomes = new HashMap<>();
    private final Instant startedAt;
    private Step step = Step.CREATE;
    private String jobId;
    private String jobState;
    private String errorMessage;

    /** Fields added to a row's payload when sent (row id → field → value): the Lead or Contact it points to. */
    private final Map<Long, Map<String, String>> refs;

    SalesforceBulkJob(String apiVersion, String sobject, String externalIdField, List<OutboxRow> rows,
                      Instant startedAt) {
        this(apiVersion, sobject, externalIdField, rows, startedAt, Map.of());
    }

    SalesforceBulkJob(String apiVersion, String sobject, String externalIdField, List<OutboxRow> rows,
                      Instant startedAt, Map<Long, Map<String, String>> refs) {
        this.refs = refs;
        this.basePath = "/services/data/v" + apiVersion + "/jobs/ingest";
        this.sobject = sobject;
        this.externalIdField = externalIdField;
        this.rows = List.copyOf(rows);
        this.startedAt = startedAt;
        for (OutboxRow r : rows) {
            byExternalId.put(r.externalId(), r);
        }
    }

    List<OutboxRow> rows() {
        return rows;
    }

    Step step() {
        return step;
    }

    String sobject() {
        return sobject;
    }

    String jobId() {
        return jobId;
    }

    String errorMessage() {
        return errorMessage;
    }

    Instant startedAt() {
        return startedAt;
    }

    boolean done() {
        return step == Step.DONE;
    }

    /** The call for the current step. */
    SinkCall call() {
        String job = basePath + "/" + jobId;
        return switch (step) {
            case CREATE -> {
                ObjectNode b = JSON.createObjectNode();
                b.put("object", sobject).put("externalIdFieldName", externalIdField).put("contentType", "CSV")
                        .put("operation", "upsert").put("lineEnding", "LF");
                yield new SinkCall("bulk-create", "POST", basePath, SinkCall.JSON, b.toString(), this, false);
            }
            case UPLOAD -> new SinkCall("bulk-upload", "PUT", job + "/batches", SinkCall.CSV, csv(), this, false);
            case CLOSE -> new SinkCall("bulk-close", "PATCH", job, SinkCall.JSON, "{\"state\":\"UploadComplete\"}",
                    this, false);
            case POLL -> new SinkCall("bulk-poll", "GET", job, SinkCall.JSON, null, this, false);
            case SUCCESSES -> new SinkCall("bulk-results", "GET", job + "/successfulResults/", SinkCall.JSON, null,
                    this, false);
            case FAILURES -> new SinkCall("bulk-results", "GET", job + "/failedResults/", SinkCall.JSON, null, this,
                    false);
            case UNPROCESSED -> new SinkCall("bulk-results", "GET", job + "/unprocessedrecords/", SinkCall.JSON,
                    null, this, false);
            case DONE -> throw new IllegalStateException("bulk job " + jobId + " is done");
        };
    }

    /**
     * Takes the answer to {@link #call()} and moves on. Returns false when the job is still being processed by
     * Salesforce: the drain ends and the next one polls again.
     */
    boolean accept(String body) {
        switch (step) {
            case CREATE -> {
                JsonNode job = read(body);
                jobId = job.path("id").asText(null);
                if (jobId == null || jobId.isEmpty()) {
                    throw new IllegalStateException("bulk job creation answered without a job id");
                }
                step = Step.UPLOAD;
            }
            case UPLOAD -> step = Step.CLOSE;
            case CLOSE -> step = Step.POLL;
            case POLL -> {
                JsonNode job = read(body);
                jobState = job.path("state").asText("");
                if (job.hasNonNull("errorMessage")) {
                    errorMessage = job.get("errorMessage").asText();
                }
                if (!jobState.equals("JobComplete") && !jobState.equals("Failed") && !jobState.equals("Aborted")) {
                    return false;
                }
                step = Step.SUCCESSES;
            }
            case SUCCESSES -> {
                readResults(body, true);
                step = Step.FAILURES;
            }
            case FAILURES -> {
                readResults(body, false);
                step = Step.UNPROCESSED;
            }
            case UNPROCESSED -> step = Step.DONE;
            case DONE -> throw new IllegalStateException("bulk job " + jobId + " is done");
        }
        return true;
    }

    /** Every row's outcome; rows missing from the result files (unprocessed) are tried again. */
    List<Outcome> outcomes() {
        List<Outcome> out = new ArrayList<>(rows.size());
        String why = "not processed by bulk job " + jobId + " (state " + jobState
                + (errorMessage == null ? "" : ", " + errorMessage) + ")";
        for (OutboxRow r : rows) {
            Outcome o = outcomes.get(r.externalId());
            out.add(o != null ? o : Outcome.refused(r, UNPROCESSED, why));
        }
        return out;
    }

    /** The upload: the external id, then every mapped field; unknown values are empty (left unchanged). */
    String csv() {
        Set<String> columns = new LinkedHashSet<>();
        List<Map<String, String>> values = new ArrayList<>(rows.size());
        for (OutboxRow r : rows) {
            Map<String, String> v = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = read(r.payload()).fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                columns.add(f.getKey());
                v.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText());
            }
            refs.getOrDefault(r.id(), Map.of()).forEach((k, x) -> {
                columns.add(k);
                v.put(k, x);
            });
            values.add(v);
        }
        columns.remove(externalIdField);
        List<String> header = new ArrayList<>();
        header.add(externalIdField);
        header.addAll(columns);
        StringBuilder sb = new StringBuilder(rows.size() * 200);
        sb.append(BulkCsv.line(header)).append('\n');
        List<String> line = new ArrayList<>(header.size());
        for (int i = 0; i < rows.size(); i++) {
            line.clear();
            line.add(rows.get(i).externalId());
            for (String col : columns) {
                line.add(values.get(i).get(col));
            }
            sb.append(BulkCsv.line(line)).append('\n');
        }
        return sb.toString();
    }

    private void readResults(String csv, boolean successful) {
        List<List<String>> table = BulkCsv.parse(csv);
        if (table.isEmpty()) {
            return;
        }
        List<String> head = table.get(0);
        int idCol = head.indexOf("sf__Id");
        int errorCol = head.indexOf("sf__Error");
        int extCol = head.indexOf(externalIdField);
        if (extCol < 0) {
            throw new IllegalStateException("bulk results of job " + jobId + " lack the column " + externalIdField);
        }
        for (List<String> line : table.subList(1, table.size())) {
            OutboxRow row = extCol < line.size() ? byExternalId.get(line.get(extCol)) : null;
            if (row == null) {
                continue;
            }
            if (successful) {
                String id = idCol >= 0 && idCol < line.size() ? line.get(idCol) : null;
                outcomes.put(row.externalId(), Outcome.confirmed(row, id == null || id.isEmpty() ? null : id));
            } else {
                String error = errorCol >= 0 && errorCol < line.size() ? line.get(errorCol) : "UNKNOWN_ERROR";
                int colon = error.indexOf(':');
                String code = colon > 0 ? error.substring(0, colon) : error;
                String message = colon > 0 ? error.substring(colon + 1) : error;
                outcomes.put(row.externalId(), Outcome.refused(row, code, message));
            }
        }
    }

    private static JsonNode read(String text) {
        try {
            JsonNode n = JSON.readTree(text == null ? "" : text);
            return n == null ? JSON.createObjectNode() : n;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
