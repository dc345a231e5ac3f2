package io.isthmus.ops;

import io.isthmus.source.BackfillProgress;
import io.isthmus.source.SourceGuard;
import io.isthmus.source.SourceStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Per-source health of the polls: retries, rate limits, token refreshes, the breaker, pauses and backfill. */
public final class SourceMetrics {

    private final MeterRegistry registry;

    public SourceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void register(SourceGuard guard) {
        Gauge.builder("isthmus_source_breaker_open", guard, g -> g.breakerOpen() ? 1 : 0)
                .description("1 while the source's circuit breaker is open").tag("source", guard.source())
                .register(registry);
        Gauge.builder("isthmus_source_paused", guard, g -> g.pausedUntil() == null ? 0 : 1)
                .description("1 while the source is paused by a rate limit or quota").tag("source", guard.source())
                .register(registry);
    }

    /** The page a source is stuck on: a quarantined page at its stored cursor, read again by every poll. */
    public void register(SourceStore store) {
        Gauge.builder("isthmus_source_stuck", store, st -> st.stuck() == null ? 0 : 1)
                .description("1 while the source cannot move past a quarantined (malformed) page")
                .tag("source", store.source()).register(registry);
        Gauge.builder("isthmus_source_stuck_attempts", store, st -> st.stuck() == null ? 0 : st.stuck().attempts())
                .description("How often the page the source is stuck on was read and refused")
                .tag("source", store.source()).register(registry);
    }

    public void register(String source, BackfillProgress progress) {
        Gauge.builder("isthmus_source_backfill_records", progress, p -> p.snapshot().records())
                .description("Records read by the running (or last) backfill").tag("source", source)
                .register(registry);
        Gauge.builder("isthmus_source_backfill_rate", progress, p -> p.snapshot().recordsPerSecond())
                .description("Records per second of the backfill").tag("source", source).register(registry);
        Gauge.builder("isthmus_source_backfill_done_ratio", progress, p -> p.snapshot().fractionDone())
                .description("Share of the backfill's time range read (0 to 1)").tag("source", source)
                .register(registry);
        Gauge.builder("isthmus_source_backfill_eta_seconds", progress, p -> p.snapshot().etaSeconds())
                .description("Estimated seconds left in the backfill; -1 unknown").tag("source", source)
                .register(registry);
    }

    public void poll(String source, String outcome) {
        Counter.builder("isthmus_source_polls_total").description("Polls by outcome").tag("source", source)
                .tag("outcome", outcome).register(registry).increment();
    }

    public void pollSkipped(String source, String why) {
        poll(source, "skipped-" + why);
    }

    public void retry(String source) {
        counter("isthmus_source_retries_total", "Calls retried after a transient failure", source).increment();
    }

    public void rateLimited(String source) {
        counter("isthmus_source_rate_limited_total", "Rate-limit answers from the vendor", source).increment();
    }

    public void tokenRefresh(String source) {
        counter("isthmus_source_token_refreshes_total", "Access tokens fetched or refreshed", source).increment();
    }

    public void calls(String source, String outcome) {
        Counter.builder("isthmus_source_calls_total").description("Calls made to a source by outcome")
                .tag("source", source).tag("outcome", outcome).register(registry).increment();
    }

    private Counter counter(String name, String description, String source) {
        return Counter.builder(name).description(description).tag("source", source).register(registry);
    }
}
