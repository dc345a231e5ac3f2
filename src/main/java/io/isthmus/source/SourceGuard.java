package io.isthmus.source;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.ops.SourceMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source's protection against its vendor and against itself: capped exponential backoff for transient
 * failures, pauses for rate limits and quotas, and a Resilience4j circuit breaker that opens after
 * {@code breakerFailures} polls in a row failed, so a broken source stops calling until {@code breakerOpenFor}
 * has passed (then one trial poll). Each poll is one breaker call: it succeeds when it ends normally (also on a
 * rate limit: that is the vendor pacing us, not failing) and fails when retries are used up or an error is fatal.
 *
 * <p>Only the vendor's failures count toward the breaker: every vendor answer (HTTP status, I/O error, timeout) is
 * classified by the source bean, which ends the poll with {@link #pollSucceeded} or {@link #pollFailed}. A poll
 * that ends any other way was ended by the route error policy after our own failure (the store refused a write, a
 * transaction was killed, a conflict): the error policy retried it, and the next poll starts again from the stored
 * cursor; the breaker gives the permission back without an outcome, so our own trouble never stops the vendor
 * being called. Such polls are counted as {@code isthmus_source_polls_total{outcome="error-policy"}}.
 */
public final class SourceGuard {

    private static final Logger LOG = LoggerFactory.getLogger(SourceGuard.class);

    private final String source;
    private final IsthmusSettings.SourceLimits limits;
    private final Clock clock;
    private final SourceMetrics metrics;
    private final CircuitBreaker breaker;
    private volatile Instant pausedUntil;
    private volatile String pauseReason;
    private volatile String lastFailure;
    private volatile boolean stopping;
    private boolean pollOpen;
    private long pollStartNanos;
    private Instant pollStartedAt;
    private int attempt;

    public SourceGuard(String source, IsthmusSettings.SourceLimits limits, Clock clock, SourceMetrics metrics) {
        this.source = source;
        this.limits = limits;
        this.clock = clock;
        this.metrics = metrics;
        this.breaker = CircuitBreaker.of(source, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(limits.breakerFailures())
                .minimumNumberOfCalls(limits.breakerFailures())
                .failureRateThreshold(100)
                .waitDurationInOpenState(limits.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(Exception.class)
                .clock(clock)
                .build());
        breaker.getEventPublisher().onStateTransition(e -> LOG.warn("source={} circuit breaker {}", source,
                e.getStateTransition()));
        metrics.register(this);
    }

    public String source() {
        return source;
    }

    /** True when a poll may start now; the caller must end it with {@link #pollSucceeded} or {@link #pollFailed}. */
    public synchronized boolean tryStartPoll() {
        if (pollOpen) {
            endedByErrorPolicy();
        }
        Instant now = clock.instant();
        if (stopping) {
            LOG.info("source={} the daemon is stopping; poll skipped", source);
            metrics.pollSkipped(source, "stopping");
            return false;
        }
        if (pausedUntil != null && now.isBefore(pausedUntil)) {
            LOG.info("source={} paused until {} ({}); poll skipped", source, pausedUntil, pauseReason);
            metrics.pollSkipped(source, "paused");
            return false;
        }
        pausedUntil = null;
        pauseReason = null;
        if (!breaker.tryAcquirePermission()) {
            LOG.warn("source={} circuit breaker open after repeated failures (last: {}); poll skipped", source,
                    lastFailure);
            metrics.pollSkipped(source, "breaker-open");
            return false;
        }
        pollOpen = true;
        pollStartNanos = System.nanoTime();
        pollStartedAt = now;
        attempt = 0;
        return true;
    }

    /**
     * The last poll ended in an exception the source never classified: the route's error policy took it, which only
     * happens for our own failures (store, transaction), since every vendor answer and I/O error is handed to the
     * source. Not the vendor's fault, so the breaker neither opens nor closes on it.
     */
    private void endedByErrorPolicy() {
        pollOpen = false;
        breaker.releasePermission();
        metrics.poll(source, "error-policy");
        LOG.warn("source={} the previous poll was ended by the error policy (an isthmus failure, not the vendor's); "
                + "it does not count toward the circuit breaker", source);
    }

    /**
     * Whether the open poll should yield after the page it is applying: it has gone on for
     * {@code isthmus.sources.maxPollTime}, or the daemon is stopping. Either way the cursor keeps the place, and the
     * next poll (or the next start) goes on from it.
     */
    public synchronized boolean pollShouldYield() {
        return stopping || pollStartedAt != null
                && !clock.instant().isBefore(pollStartedAt.plus(limits.maxPollTime()));
    }

    /**
     * The daemon is stopping: a poll in progress ends after the page it is applying, so the stop does not wait for
     * a long backfill poll, and no new poll starts.
     */
    public void stopPolling() {
        stopping = true;
    }

    public synchronized void pollSucceeded() {
        if (pollOpen) {
            pollOpen = false;
            breaker.onSuccess(System.nanoTime() - pollStartNanos, TimeUnit.NANOSECONDS);
            metrics.poll(source, "ok");
        }
    }

    public synchronized void pollFailed(String reason) {
        lastFailure = reason;
        if (pollOpen) {
            pollOpen = false;
            breaker.onError(System.nanoTime() - pollStartNanos, TimeUnit.NANOSECONDS,
                    new SourceFailure(reason));
            metrics.poll(source, "failed");
        }
        LOG.error("source={} poll failed, the next scheduled poll resumes from the stored cursor: {}", source,
                reason);
    }

    /** A call answered normally: the retry count starts again. */
    public synchronized void callSucceeded() {
        attempt = 0;
    }

    /**
     * A transient failure (I/O, 5xx, vendor "try again"): returns the wait before the retry, doubling from
     * {@code backoffInitial} up to {@code backoffMax}, or -1 when {@code retries} are used up (the poll fails).
     */
    public synchronized long retryDelayMillis(String reason) {
        attempt++;
        lastFailure = reason;
        if (attempt > limits.retries()) {
            return -1;
        }
        metrics.retry(source);
        long initial = limits.backoffInitial().toMillis();
        long delay = Math.min(limits.backoffMax().toMillis(), initial << Math.min(attempt - 1, 30));
        LOG.warn("source={} transient failure, retry {} of {} in {}ms: {}", source, attempt, limits.retries(), delay,
                reason);
        return delay;
    }

    /**
     * The vendor said to slow down. A wait up to {@code maxInlineWait} is waited in the poll (the returned
     * millis); a longer one pauses the source until then and returns -1 (the poll ends, as a success).
     */
    public synchronized long rateLimited(Duration wait, String reason) {
        metrics.rateLimited(source);
        if (wait.compareTo(limits.maxInlineWait()) <= 0) {
            LOG.info("source={} rate limited ({}), waiting {}ms", source, reason, wait.toMillis());
            return wait.toMillis();
        }
        pauseUntil(clock.instant().plus(wait), reason);
        return -1;
    }

    public synchronized void pauseUntil(Instant until, String reason) {
        pausedUntil = until;
        pauseReason = reason;
        LOG.warn("source={} paused until {}: {}", source, until, reason);
    }

    /** Counts a call by its HTTP status, or {@code io-error} when there was no answer. */
    public void answered(String outcome) {
        metrics.calls(source, outcome);
    }

    public void tokenRefreshed() {
        metrics.tokenRefresh(source);
    }

    /** CLOSED, OPEN, HALF_OPEN (the breaker's state names). */
    public String breakerState() {
        return breaker.getState().name();
    }

    public boolean breakerOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }

    /** Null when not paused. */
    public Instant pausedUntil() {
        Instant p = pausedUntil;
        return p != null && clock.instant().isBefore(p) ? p : null;
    }

    public String pauseReason() {
        return pauseReason;
    }

    public String lastFailure() {
        return lastFailure;
    }

    /** What the breaker records for a failed poll; never thrown. */
    private static final class SourceFailure extends Exception {
        SourceFailure(String reason) {
            super(reason, null, false, false);
        }
    }
}
