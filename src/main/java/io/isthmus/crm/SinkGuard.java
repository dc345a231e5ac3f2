package io.isthmus.crm;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.isthmus.app.settings.IsthmusSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides before every Salesforce call whether the sink may make it. Three brakes:
 * <ul>
 *   <li>the API budget: above {@code 100 - reserve - slowdown} percent of the daily limit the sink makes one call per
 *   drain, at {@code 100 - reserve} percent (or on REQUEST_LIMIT_EXCEEDED) it pauses for {@code limitPause}, then
 *   one probing call reads the usage again and the sink resumes when it has fallen;</li>
 *   <li>capped exponential backoff with jitter after calls that failed for an outage (5xx, reset, timeout);</li>
 *   <li>a Resilience4j circuit breaker over the last 10 calls, open for {@code breakerOpenFor} at 50 % failures.</li>
 * </ul>
 * Every admitted call must be followed by exactly one of {@link #answered}, {@link #outage}, {@link #limitExceeded}
 * or {@link #unused}, so the breaker's permits balance.
 */
public final class SinkGuard {

    /** What the sink may do now. */
    public enum Admission { GO, ONE_CALL, STOP }

    private static final Logger LOG = LoggerFactory.getLogger(SinkGuard.class);

    private final IsthmusSettings.Sink settings;
    private final ApiBudget budget;
    private final Clock clock;
    private final DoubleSupplier random;
    private final CircuitBreaker breaker;
    private Instant pausedUntil;
    private boolean probeDue;
    private int failures;
    private Instant retryAt = Instant.EPOCH;

    public SinkGuard(IsthmusSettings.Sink settings, ApiBudget budget, MeterRegistry registry, Clock clock,
                     DoubleSupplier random) {
        this.settings = settings;
        this.budget = budget;
        this.clock = clock;
        this.random = random;
        this.breaker = CircuitBreaker.of("salesforce", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock)
                .currentTimestampFunction(c -> c.instant().toEpochMilli(), TimeUnit.MILLISECONDS)
                .build());
        Gauge.builder("isthmus_crm_sink_paused", this, g -> g.isPaused() ? 1 : 0)
                .description("1 while the Salesforce sink is paused for the API budget").register(registry);
        Gauge.builder("isthmus_crm_circuit_open", breaker, b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
                .description("1 while the Salesforce circuit breaker is open").register(registry);
        Gauge.builder("isthmus_crm_api_usage_ratio", budget,
                        b -> b.limit() > 0 ? (double) b.used() / b.limit() : -1)
                .description("Share of the org's daily API limit used, as last reported (-1: unknown)")
                .register(registry);
    }

    /** May the sink make a call now? A GO or ONE_CALL holds a breaker permit until the call's outcome is told. */
    public synchronized Admission admit() {
        Instant now = clock.instant();
        if (pausedUntil != null) {
            if (now.isBefore(pausedUntil)) {
                return Admission.STOP;
            }
            pausedUntil = null;
            probeDue = true;
        }
        if (now.isBefore(retryAt) || !breaker.tryAcquirePermission()) {
            return Admission.STOP;
        }
        if (probeDue) {
            // The usage we know is from before the pause: one call reads it afresh.
            probeDue = false;
            return Admission.ONE_CALL;
        }
        long used = budget.used();
        long limit = budget.limit();
        if (limit > 0) {
            if (used * 100 >= limit * (100L - settings.apiReservePercent())) {
                pause("API usage " + used + "/" + limit + " reached the " + settings.apiReservePercent()
                        + " % reserve");
                breaker.releasePermission();
                return Admission.STOP;
            }
            if (used * 100 >= limit * (100L - settings.apiReservePercent() - settings.apiSlowdownPercent())) {
                return Admission.ONE_CALL;
            }
        }
        return Admission.GO;
    }

    /** The admitted call was not made (nothing to send). */
    public synchronized void unused() {
        breaker.releasePermission();
    }

    /** Salesforce answered (even with per-record errors or a 4xx about the request): the service is there. */
    public synchronized void answered() {
        breaker.onSuccess(0, TimeUnit.MILLISECONDS);
        failures = 0;
        retryAt = Instant.EPOCH;
    }

    /** 5xx, connection reset, timeout, failed login: wait longer after each, up to backoffMax, with jitter. */
    public synchronized void outage(Throwable cause) {
        breaker.onError(0, TimeUnit.MILLISECONDS, cause);
        failures++;
        Duration wait = backoff(failures);
        retryAt = clock.instant().plus(wait);
        LOG.warn("salesforce sink: call failed {} time(s) in a row, next try in {} ms (circuit {})", failures,
                wait.toMillis(), breaker.getState());
    }

    /** REQUEST_LIMIT_EXCEEDED: the org's daily limit is spent; pause, keep the outbox. */
    public synchronized void limitExceeded() {
        breaker.onSuccess(0, TimeUnit.MILLISECONDS);
        budget.exhausted();
        pause("Salesforce answered REQUEST_LIMIT_EXCEEDED");
    }

    /** Equal jitter: half the capped exponential delay, plus a random share of the other half. */
    Duration backoff(int failureCount) {
        long base = settings.backoffBase().toMillis();
        long max = settings.backoffMax().toMillis();
        long exp = failureCount >= 31 ? max : Math.min(max, base << Math.min(30, failureCount - 1));
        return Duration.ofMillis(exp / 2 + (long) (random.getAsDouble() * (exp - exp / 2)));
    }

    public synchronized boolean isPaused() {
        return pausedUntil != null && clock.instant().isBefore(pausedUntil);
    }

    public synchronized Instant pausedUntil() {
        return pausedUntil;
    }

    public CircuitBreaker.State circuit() {
        return breaker.getState();
    }

    private void pause(String why) {
        pausedUntil = clock.instant().plus(settings.limitPause());
        LOG.warn("salesforce sink: paused until {} ({}); the outbox keeps every record", pausedUntil, why);
    }
}
