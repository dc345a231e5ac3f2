package io.isthmus.source.mautic;

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
 * The bean behind the Mautic poll: the backfill by contact id, then passes by date_modified, each page applied
 * with the moved cursor in one transaction. Basic auth (Mautic 2.3+, enabled in its API settings) or OAuth 2 with
 * the client credentials grant ({@code POST /oauth/v2/token}): the token is fetched before it is needed (a minute
 * before {@code expires_in} runs out) and again when Mautic answers 401 ({@code {"error":"invalid_grant",
 * "error_description":"The access token provided has expired."}}), then the same call is repeated; a 401 right
 * after a fresh token fails the poll. Mautic's HTTP status is its error code: 401/403 and other 4xx fail the poll
 * (they count toward the circuit breaker), 429 honours Retry-After, 5xx and I/O errors back off and retry. The
 * call for the page after a full one is sent while that page is applied ({@link PollTail}).
 */
public final class MauticSource implements PollingSource {

    public static final String SOURCE = "mautic";

    private final IsthmusSettings.Mautic settings;
    private final MauticApi api;
    private final SourceStore store;
    private final SourceGuard guard;
    private final BackfillProgress progress;
    private final Clock clock;
    private final PollTail tail;
    private MauticCursor cursor;
    private boolean eventsInFlight;
    private final MauticLogin login;

    public MauticSource(IsthmusSettings.Mautic settings, SourceStore store, SourceGuard guard,
                        BackfillProgress progress, Clock clock) {
        this(settings, store, guard, progress, clock, null);
    }

    /** @param fetcher sends the next call ahead while a page is applied; null: never ahead */
    public MauticSource(IsthmusSettings.Mautic settings, SourceStore store, SourceGuard guard,
                        BackfillProgress progress, Clock clock, SourceFetcher fetcher) {
        this.settings = settings;
        this.api = new MauticApi(settings.baseUrl().toString(), settings.pageSize(), settings.events());
        this.store = store;
        this.guard = guard;
        this.progress = progress;
        this.clock = clock;
        this.login = new MauticLogin(settings, api, guard, clock);
        this.tail = new PollTail(store, guard, settings.maxPagesPerPoll(), fetcher);
    }

    @Override
    public synchronized boolean startPoll() {
        if (!settings.enabled() || !guard.tryStartPoll()) {
            return false;
        }
        Instant now = clock.instant();
        cursor = store.cursor().map(MauticCursor::fromJson).orElse(MauticCursor.INITIAL).startedAt(now);
        if (cursor.backfill()) {
            // No totals by time for ids: the progress shows records and rate; the time left stays unknown.
            progress.start(Instant.EPOCH, cursor.backfillStart(), now);
        } else {
            cursor = cursor.with(cursor.keyset().passAt(settings.overlap(), Instant.EPOCH))
                    .eventsPassAt(settings.overlap());
        }
        tail.begin();
        return true;
    }

    @Override
    public synchronized HttpCall nextCall() {
        long wait = tail.takeWait();
        HttpCall token = login.tokenCall(wait);
        if (token != null) {
            return token;
        }
        eventsInFlight = !cursor.contactsInPass();
        return pageCall(cursor, wait);
    }

    /** The call for the page at {@code at}; the same for a call sent ahead and the one the route asks for. */
    private HttpCall pageCall(MauticCursor at, long wait) {
        boolean events = !at.contactsInPass();
        String url = at.backfill() ? api.backfillUrl(at.backfillAfterId())
                : events ? api.eventsUrl(at.events().from(), at.events().page())
                : api.incrementalUrl(at.keyset().minTimestamp(), at.keyset().skip());
        return new HttpCall(events ? "activity" : "contacts", "GET", url, null, null, login.authorization(), wait);
    }

    @Override
    public synchronized SourceAnswer prefetched(HttpCall call) {
        return tail.prefetched(call);
    }

    @Override
    public synchronized boolean onResponse(int status, String body, String retryAfter) {
        Boolean handled = login.notAPage(status, body, retryAfter, tail);
        if (handled != null) {
            return handled;
        }
        try {
            return eventsInFlight ? applyEvents(body) : applyContacts(body);
        } catch (MalformedPageException e) {
            return tail.quarantine(body, e.getMessage(), "malformed page quarantined: " + e.getMessage());
        }
    }


    private boolean applyContacts(String body) throws MalformedPageException {
        MauticApi.ContactPage page = api.readPage(body);
        guard.callSucceeded();
        boolean full = page.size() >= api.pageSize();
        boolean backfill = cursor.backfill();
        MauticCursor next;
        if (backfill) {
            next = full ? cursor.afterId(page.maxId()) : cursor.backfillDone().eventsPassAt(settings.overlap());
        } else {
            KeysetCursor k = cursor.keyset();
            next = cursor.with(full ? k.after(page.maxModified(), page.atMaxModified())
                    : k.finished(page.maxModified()));
        }
        boolean goOn = tail.apply(new SourcePage(SOURCE, page.records(), page.unreadable(), next.toJson(),
                next.inPass()), backfill ? progress : null, null, !next.backfill(), clock.instant(),
                () -> pageCall(next, 0));
        cursor = next;
        return goOn;
    }

    private boolean applyEvents(String body) throws MalformedPageException {
        MauticApi.EventPage page = api.readEvents(body);
        guard.callSucceeded();
        MauticCursor.Events e = cursor.events();
        Instant latest = e.latest() == null || (page.latest() != null && page.latest().isAfter(e.latest()))
                ? page.latest() : e.latest();
        boolean full = page.size() >= api.pageSize();
        MauticCursor next = cursor.with(full ? new MauticCursor.Events(e.from(), e.page() + 1, latest)
                : new MauticCursor.Events(null, 0, latest));
        boolean goOn = tail.apply(new SourcePage(SOURCE, page.records(), page.unreadable(), next.toJson(),
                next.inPass()), () -> pageCall(next, 0));
        cursor = next;
        return goOn;
    }

    @Override
    public synchronized boolean onFailure(String reason) {
        guard.answered("io-error");
        return tail.retry(reason);
    }

}
