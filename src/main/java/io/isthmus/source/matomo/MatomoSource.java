package io.isthmus.source.matomo;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.source.BackfillProgress;
import io.isthmus.source.HttpCall;
import io.isthmus.source.KeysetCursor;
import io.isthmus.source.MalformedPageException;
import io.isthmus.source.PollingSource;
import io.isthmus.source.SourceGuard;
import io.isthmus.source.SourceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The bean behind the Matomo poll: page after page of {@code Live.getLastVisitsDetails} since the stored keyset,
 * each page applied with the moved cursor in one transaction, until a short page ends the pass. Matomo answers
 * errors as {@code {"result":"error"}} (usually HTTP 200, 401 for access): those fail the poll and count toward
 * the circuit breaker; 429 honours Retry-After; 5xx and I/O errors back off and retry.
 */
public final class MatomoSource implements PollingSource {

    public static final String SOURCE = "matomo";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final IsthmusSettings.Matomo settings;
    private final MatomoApi api;
    private final SourceStore store;
    private final SourceGuard guard;
    private final BackfillProgress progress;
    private final Clock clock;
    private final String endpoint;
    private KeysetCursor cursor;
    private long waitNext;
    private int pages;

    public MatomoSource(IsthmusSettings.Matomo settings, SourceStore store, SourceGuard guard,
                        BackfillProgress progress, Clock clock) {
        this.settings = settings;
        this.api = new MatomoApi(settings.siteId(), settings.pageSize());
        this.store = store;
        this.guard = guard;
        this.progress = progress;
        this.clock = clock;
        String base = settings.baseUrl().toString();
        this.endpoint = (base.endsWith("/") ? base : base + "/") + "index.php";
    }

    @Override
    public synchronized boolean startPoll() {
        if (!settings.enabled() || !guard.tryStartPoll()) {
            return false;
        }
        cursor = store.cursor().map(KeysetCursor::fromJson).orElse(KeysetCursor.INITIAL)
                .passAt(settings.overlap(), settings.backfillFrom());
        if (cursor.backfill()) {
            progress.start(cursor.passFrom(), clock.instant(), clock.instant());
        }
        waitNext = 0;
        pages = 0;
        return true;
    }

    @Override
    public synchronized HttpCall nextCall() {
        HttpCall call = new HttpCall("visits", "POST", endpoint, api.requestBody(cursor, settings.token().reveal()),
                FORM, null, waitNext);
        waitNext = 0;
        return call;
    }

    @Override
    public synchronized boolean onResponse(int status, String body, String retryAfter) {
        guard.answered(Integer.toString(status));
        if (status == 429) {
            long wait = guard.rateLimited(retryAfter(retryAfter), "HTTP 429");
            return waitOrEnd(wait);
        }
        if (status >= 500) {
            return retry("HTTP " + status);
        }
        String error = api.error(body);
        if (status != 200 || error != null) {
            guard.pollFailed("Matomo answered HTTP " + status + (error == null ? "" : ": " + error));
            return false;
        }
        MatomoApi.VisitPage page;
        try {
            page = api.readPage(body);
        } catch (MalformedPageException e) {
            store.quarantinePage(body, e.getMessage());
            guard.pollFailed("malformed page quarantined: " + e.getMessage());
            return false;
        }
        guard.callSucceeded();
        boolean full = page.visits() >= api.pageSize();
        KeysetCursor next = full ? cursor.after(page.maxLastAction(), page.atMax())
                : cursor.finished(page.maxLastAction());
        boolean backfill = cursor.backfill();
        store.apply(new SourcePage(SOURCE, page.records(), page.unreadable(), next.toJson(), full));
        cursor = next;
        pages++;
        Instant now = clock.instant();
        if (backfill) {
            progress.page(page.records().size() + page.unreadable().size(),
                    page.maxLastAction() < 0 ? null : Instant.ofEpochSecond(page.maxLastAction()), now);
            if (!full) {
                progress.finish(now);
            }
        }
        if (!full || pages >= settings.maxPagesPerPoll()) {
            guard.pollSucceeded();
            return false;
        }
        return true;
    }

    @Override
    public synchronized boolean onFailure(String reason) {
        guard.answered("io-error");
        return retry(reason);
    }

    private boolean retry(String reason) {
        long delay = guard.retryDelayMillis(reason);
        if (delay < 0) {
            guard.pollFailed("retries used up: " + reason);
            return false;
        }
        waitNext = delay;
        return true;
    }

    private boolean waitOrEnd(long wait) {
        if (wait < 0) {
            guard.pollSucceeded();
            return false;
        }
        waitNext = wait;
        return true;
    }

    /** Retry-After in seconds (the HTTP-date form is rare for APIs and read as one minute). */
    static Duration retryAfter(String header) {
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
