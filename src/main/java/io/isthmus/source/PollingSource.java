package io.isthmus.source;

/**
 * What the generic poll route ({@code templates/isthmus-source.camel.yaml}) asks of a source bean. The route
 * only moves bytes: it asks for the next call, sends it, and hands back the response; the source keeps the
 * cursor, the token, the backoff and the circuit breaker, and applies each page with its cursor in one
 * transaction.
 *
 * <p>A source may send the call after a page ahead while it applies the page ({@link PollTail}, {@link Prefetch}):
 * the route then asks {@link #prefetched(HttpCall)} for each call before sending it, and hands a fetched answer back
 * through {@link #answered(SourceAnswer)} exactly as if it had sent the call itself.
 */
public interface PollingSource {

    /** Begins a poll; false when the source is disabled, paused (rate limit, quota) or its breaker is open. */
    boolean startPoll();

    /** The next call of this poll, or null when the poll is over. */
    HttpCall nextCall();

    /**
     * The response to the last call (any HTTP status: the route does not throw on 4xx/5xx).
     *
     * @param retryAfter the Retry-After header, or null
     * @return true when the poll goes on with {@link #nextCall()}
     */
    boolean onResponse(int status, String body, String retryAfter);

    /** The last call failed without a response (connection refused, timeout); true when the poll goes on. */
    boolean onFailure(String reason);

    /** The answer to {@code call} when it was fetched ahead, or null: the route sends the call. */
    default SourceAnswer prefetched(HttpCall call) {
        return null;
    }

    /** An answer fetched ahead, handed to {@link #onResponse} or {@link #onFailure} as the route would. */
    default boolean answered(SourceAnswer answer) {
        return answer.failure() != null ? onFailure(answer.failure())
                : onResponse(answer.status(), answer.body(), answer.retryAfter());
    }
}
