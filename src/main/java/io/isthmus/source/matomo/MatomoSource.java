package io.isthmus.source.matomo;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.source.BackfillProgress;
import io.isthmus.source.HttpCall;
import io.isthmus.source.KeysetCursor;
import io.isthmus.source.MalformedPageException;
import io.isthmus.source.PollTail;
import io.isthmus.source.PollingSource;
import io.isthmus.source.SourceAnswer;
import io.isthmus.source.SourceFetcher;
import io.isthmus.source.SourceGuard;
import io.isthmus.source.SourceStore;
import java.time.Clock;
import java.time.Instant;

/**
 * The bean behind the Matomo poll: page after page of {@code Live.getLastVisitsDetails} since the stored keyset,
 * each page applied with the moved cursor in one transaction, until a short page ends the pass. Matomo answers
 * errors as {@code {"result":"error"}} (usually HTTP 200, 401 for access): those fail the poll and count toward
 * the circuit breaker; 429 honours Retry-After; 5xx and I/O errors back off and retry. The call for the page after
 * a full one is sent while that page is applied ({@link PollTail}).
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
    private final PollTail tail;
    private KeysetCursor cursor;

    public MatomoSource(IsthmusSettings.Matomo settings, SourceStore store, SourceGuard guard,
                        BackfillProgress progress, Clock clock) {
        this(settings, store, guard, progress, clock, null);
    }

    /** @param fetcher sends the next call ahead while a page is applied; null: never ahead */
    public MatomoSource(IsthmusSettings.Matomo settings, SourceStore store, SourceGuard guard,
                        BackfillProgress progress, Clock clock, SourceFetcher fetcher) {
        this.settings = settings;
        this.api = new MatomoApi(settings.siteId(), settings.pageSize());
        this.store = store;
        this.guard = guard;
        this.progress = progress;
        this.clock = clock;
        String base = settings.baseUrl().toString();
        this.endpoint = (base.endsWith("/") ? base : base + "/") + "index.php";
        this.tail = new PollTail(store, guard, settings.maxPagesPerPoll(), fetcher);
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
        tail.begin();
        return true;
    }

    @Override
    public synchronized HttpCall nextCall() {
        return visitsCall(cursor, tail.takeWait());
    }

    /** The call for the page at {@code at}; the same for a call sent ahead and the one the route asks for. */
    private HttpCall visitsCall(KeysetCursor at, long wait) {
        return new HttpCall("visits", "POST", endpoint, api.requestBody(at, settings.token().reveal()), FORM, null,
                wait);
    }

    @Override
    public synchronized SourceAnswer prefetched(HttpCall call) {
        return tail.prefetched(call);
    }

    @Override
    public synchronized boolean onResponse(int status, String body, String retryAfter) {
        guard.answered(Integer.toString(status));
        if (status == 429) {
            return tail.rateLimited(retryAfter, "HTTP 429");
        }
        if (status >= 500) {
            return tail.retry("HTTP " + status);
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
            return tail.quarantine(body, e.getMessage(), "malformed page quarantined: " + e.getMessage());
        }
        guard.callSucceeded();
        boolean full = page.visits() >= api.pageSize();
        KeysetCursor next = full ? cursor.after(page.maxLastAction(), page.atMax())
                : cursor.finished(page.maxLastAction());
        boolean goOn = tail.apply(new SourcePage(SOURCE, page.records(), page.unreadable(), next.toJson(), full),
                cursor.backfill() ? progress : null,
                page.maxLastAction() < 0 ? null : Instant.ofEpochSecond(page.maxLastAction()), !full, clock.instant(),
                () -> visitsCall(next, 0));
        cursor = next;
        return goOn;
    }

    @Override
    public synchronized boolean onFailure(String reason) {
        guard.answered("io-error");
        return tail.retry(reason);
    }
}
