package io.isthmus.crm;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;

/** The one place that decides which Salesforce errors are worth retrying. */
public final class CrmErrors {

    /** Per-record codes that mean "try again later", not "this record is wrong". */
    private static final Set<String> RETRIABLE_RECORD = Set.of("UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE",
            "REQUEST_RUNNING_TOO_LONG", SalesforceBulkJob.UNPROCESSED, SalesforceOutboxSink.WAITING_FOR_PARENT);

    private static final Pattern ERROR_CODE = Pattern.compile("\"errorCode\"\\s*:\\s*\"([A-Za-z_]+)\"");
    private static final Pattern ERROR_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** What a whole-call failure means for the sink. */
    public enum Kind {
        /** REQUEST_LIMIT_EXCEEDED: the org's daily API limit is spent; pause, the records are not at fault. */
        LIMIT,
        /** The login failed or the session stayed invalid after the component logged in again. */
        AUTH,
        /** 5xx, connection reset, timeout: back off and try again. */
        OUTAGE,
        /** Salesforce refused the request itself (a 4xx): the batch may be at fault. */
        REQUEST
    }

    /** A whole-call failure, reduced to a code and a message that carry no credentials. */
    public record Failure(String code, String message, int httpStatus) {
    }

    private CrmErrors() {
    }

    public static boolean isRetriableRecordError(String code) {
        return RETRIABLE_RECORD.contains(code);
    }

    public static Kind kind(Failure f) {
        if (f.code().equals("REQUEST_LIMIT_EXCEEDED")) {
            return Kind.LIMIT;
        }
        String message = f.message() == null ? "" : f.message();
        if (f.httpStatus() == 401 || f.code().equals("INVALID_SESSION_ID") || message.contains("invalid_grant")
                || message.contains("Login error")) {
            return Kind.AUTH;
        }
        if (f.httpStatus() == 0 || f.httpStatus() >= 500) {
            return Kind.OUTAGE;
        }
        return Kind.REQUEST;
    }

    public static Failure classify(Throwable e) {
        Throwable t = e;
        while (t != null && !(t instanceof SalesforceException)) {
            t = t.getCause();
        }
        if (t instanceof SalesforceException se) {
            String code = "HTTP_" + se.getStatusCode();
            String message = se.getMessage();
            if (se.getErrors() != null && !se.getErrors().isEmpty()) {
                RestError first = se.getErrors().get(0);
                code = first.getErrorCode();
                message = first.getMessage();
            } else if (message != null) {
                // For some statuses (403, 5xx) the component keeps Salesforce's error array only as text.
                Matcher c = ERROR_CODE.matcher(message);
                if (c.find()) {
                    code = c.group(1);
                    Matcher m = ERROR_MESSAGE.matcher(message);
                    message = m.find() ? m.group(1) : message;
                }
            }
            return new Failure(code, message, se.getStatusCode());
        }
        String name = e == null ? "UNKNOWN" : e.getClass().getSimpleName();
        return new Failure("IO_" + name, e == null ? "" : String.valueOf(e.getMessage()), 0);
    }
}
