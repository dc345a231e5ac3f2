package io.isthmus.source;

import io.isthmus.pipeline.PageResult;
import io.isthmus.pipeline.SourcePage;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The end of every poll step that every source bean repeats, in one place: apply a page with its moved cursor and
 * decide whether the poll goes on (more pages in the pass, fewer than {@code maxPagesPerPoll} applied, and neither
 * {@code isthmus.sources.maxPollTime} used up nor the daemon stopping: {@link SourceGuard#pollShouldYield}), keep
 * an unreadable page in quarantine and fail the poll, and carry the wait (a rate-limit pause or a retry backoff)
 * to the next call. One per source bean; the bean's own lock covers it (one poll at a time).
 *
 * <p>When the source names the call that follows a page ({@code following}), that call is sent ahead
 * ({@link Prefetch}) before the page is applied, so the vendor's answer travels while the store works; the route
 * takes it with {@link #prefetched(HttpCall)}. A page whose apply fails drops the call sent ahead.
 */
public final class PollTail {

    private final SourceStore store;
    private final SourceGuard guard;
    private final int maxPagesPerPoll;
    private final Prefetch prefetch;
    private int pages;
    private long waitNext;

    public PollTail(SourceStore store, SourceGuard guard, int maxPagesPerPoll) {
        this(store, guard, maxPagesPerPoll, null);
    }

    /** @param fetcher sends the call after a page ahead while the page is applied; null: never ahead */
    public PollTail(SourceStore store, SourceGuard guard, int maxPagesPerPoll, SourceFetcher fetcher) {
        this.store = store;
        this.guard = guard;
        this.maxPagesPerPoll = maxPagesPerPoll;
        this.prefetch = new Prefetch(store.source(), fetcher, () -> guard.answered("sent-ahead-unused"));
    }

    /** A poll begins: no pages applied yet, no wait pending, nothing sent ahead (a poll ended early may leave one). */
    public void begin() {
        pages = 0;
        waitNext = 0;
        prefetch.discard();
    }

    /**
     * The answer to {@code call} when it was sent ahead while the page before it was applied; null otherwise (the
     * route sends it).
     */
    public SourceAnswer prefetched(HttpCall call) {
        return prefetch.take(call);
    }

    /** The wait before the next call, which is then cleared. */
    public long takeWait() {
        long w = waitNext;
        waitNext = 0;
        return w;
    }

    /**
     * Applies the page with its cursor (one transaction) and counts it.
     *
     * @return true when the poll goes on: the page says more follow and the poll has not used up its pages
     */
    public boolean apply(SourcePage page) {
        return apply(page, null);
    }

    /**
     * As {@link #apply(SourcePage)}; {@code following} names the call that comes after this page (built from the
     * page's cursor, as the source's next call will be), sent ahead while the page is applied when the poll goes on.
     */
    public boolean apply(SourcePage page, Supplier<HttpCall> following) {
        ahead(page, following);
        return counted(applied(page));
    }

    /**
     * As {@link #apply(SourcePage)}, and the page counts toward a backfill's progress: {@code progress} is null when
     * the page is not part of a backfill; {@code position} is the latest time the page reached (null: unknown);
     * {@code backfillEnds} when this page is the backfill's last.
     */
    public boolean apply(SourcePage page, BackfillProgress progress, Instant position, boolean backfillEnds,
                         Instant now) {
        return apply(page, progress, position, backfillEnds, now, null);
    }

    /** Both of the above: a backfill page with the call that follows it. */
    public boolean apply(SourcePage page, BackfillProgress progress, Instant position, boolean backfillEnds,
                         Instant now, Supplier<HttpCall> following) {
        ahead(page, following);
        PageResult r = applied(page);
        if (progress != null) {
            progress.page(page.records().size() + page.unreadable().size(), position, now);
            if (backfillEnds) {
                progress.finish(now);
            }
        }
        return counted(r);
    }

    /** Sends the following call ahead when the poll will go on after this page (it says more follow, pages left). */
    private void ahead(SourcePage page, Supplier<HttpCall> following) {
        if (following != null && prefetch.enabled() && page.more() && pages + 1 < maxPagesPerPoll
                && !guard.pollShouldYield()) {
            prefetch.start(following.get());
        }
    }

    /** The page applied; when that fails the call sent ahead is dropped, so it can never be used after this page. */
    private PageResult applied(SourcePage page) {
        try {
            return store.apply(page);
        } catch (RuntimeException | Error e) {
            prefetch.discard();
            throw e;
        }
    }

    private boolean counted(PageResult r) {
        pages++;
        if (!r.more() || pages >= maxPagesPerPoll || guard.pollShouldYield()) {
            guard.pollSucceeded();
            return false;
        }
        return true;
    }

    /** Keeps the unreadable page with the reason (the cursor stays before it) and fails the poll; always false. */
    public boolean quarantine(String body, String reason, String failure) {
        prefetch.discard();
        store.quarantinePage(body, reason);
        guard.pollFailed(failure);
        return false;
    }

    /**
     * Waits {@code wait} millis before the same call again; a negative wait ends the poll (the caller has told the
     * guard how it ended).
     */
    public boolean waitOrEnd(long wait) {
        if (wait < 0) {
            return false;
        }
        waitNext = wait;
        return true;
    }

    /** A rate-limit answer: waits Retry-After inside the poll, or ends it (counted as succeeded) when too long. */
    public boolean rateLimited(String retryAfter, String what) {
        long wait = guard.rateLimited(retryAfter(retryAfter), what);
        if (wait < 0) {
            guard.pollSucceeded();
            return false;
        }
        waitNext = wait;
        return true;
    }

    /** A transient failure: backs off and repeats the call, or fails the poll once the retries are used up. */
    public boolean retry(String reason) {
        long delay = guard.retryDelayMillis(reason);
        if (delay < 0) {
            guard.pollFailed("retries used up: " + reason);
            return false;
        }
        waitNext = delay;
        return true;
    }

    /** Retry-After in seconds (the HTTP-date form is rare for APIs and read as one minute); none: ten seconds. */
    public static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Duration.ofSeconds(10);
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return Duration.ofMinutes(1);
        }
    }
}
