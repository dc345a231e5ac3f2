package io.isthmus.source;

/**
 * What one {@link HttpCall} got back: an HTTP answer (any status) or, when there was none (connection refused,
 * timeout), the failure's message. The same two outcomes the poll route hands to {@link PollingSource#onResponse}
 * and {@link PollingSource#onFailure}.
 *
 * @param status     the HTTP status; 0 when there was no answer
 * @param body       the body as text; null for none
 * @param retryAfter the Retry-After header, or null
 * @param failure    why there was no answer; null when there was one
 */
public record SourceAnswer(int status, String body, String retryAfter, String failure) {

    public static SourceAnswer of(int status, String body, String retryAfter) {
        return new SourceAnswer(status, body, retryAfter, null);
    }

    public static SourceAnswer noAnswer(String failure) {
        return new SourceAnswer(0, null, null, failure == null ? "no answer" : failure);
    }

    @Override
    public String toString() {
        return failure != null ? "no answer: " + failure : "HTTP " + status;
    }
}
