package io.isthmus.source.hubspot;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.source.BackfillProgress;
import io.isthmus.source.HttpCall;
import io.isthmus.source.MalformedPageException;
import io.isthmus.source.PollTail;
import io.isthmus.source.PollingSource;
import io.isthmus.source.SourceGuard;
import io.isthmus.source.SourceStore;
import java.time.Clock;

/**
 * The bean behind the HubSpot marketing email events poll (off by default: the private app needs the
 * {@code content} scope). Each pass reads a fixed window of event times page by page with HubSpot's offset; each
 * page is applied with the moved cursor in one transaction. Answers that are not a page go to
 * {@link HubSpotAnswers}, as for contacts and engagements.
 */
public final class HubSpotEmailEventsPoller implements PollingSource {

    private final String source;
    private final IsthmusSettings.HubSpot settings;
    private final SourceStore store;
    private final SourceGuard guard;
    private final BackfillProgress progress;
    private final Clock clock;
    private final HubSpotEmailEvents api;
    private final HubSpotAnswers answers;
    private final PollTail tail;
    private HubSpotEmailEventsCursor cursor;

    public HubSpotEmailEventsPoller(String source, IsthmusSettings.HubSpot settings, SourceStore store,
                                    SourceGuard guard, BackfillProgress progress, Clock clock) {
        this.source = source;
        this.settings = settings;
        this.store = store;
        this.guard = guard;
        this.progress = progress;
        this.clock = clock;
        this.api = new HubSpotEmailEvents(settings.baseUrl().toString(), settings.pageSize());
        this.answers = new HubSpotAnswers(guard, clock);
        this.tail = new PollTail(store, guard, settings.maxPagesPerPoll());
    }

    @Override
    public synchronized boolean startPoll() {
        if (!settings.enabled() || !settings.emailEvents().enabled() || !guard.tryStartPoll()) {
            return false;
        }
        cursor = store.cursor().map(HubSpotEmailEventsCursor::fromJson).orElse(HubSpotEmailEventsCursor.INITIAL)
                .passAt(clock.instant(), settings.overlap(), settings.emailEvents().backfill());
        if (cursor.backfill()) {
            // No totals and no time order promised within the window: records and rate, time left unknown.
            progress.start(cursor.from(), cursor.to(), clock.instant());
        }
        tail.begin();
        return true;
    }

    @Override
    public synchronized HttpCall nextCall() {
        return new HttpCall("email-events", "GET", api.url(cursor), null, null,
                "Bearer " + settings.token().reveal(), tail.takeWait());
    }

    @Override
    public synchronized boolean onResponse(int status, String body, String retryAfter) {
        guard.answered(Integer.toString(status));
        if (status != 200) {
            return tail.waitOrEnd(answers.notAPage(status, body, retryAfter));
        }
        HubSpotEmailEvents.Page page;
        try {
            page = api.read(body);
        } catch (MalformedPageException e) {
            return tail.quarantine(body, "email events: " + e.getMessage(),
                    "malformed email events page quarantined (cursor not moved): " + e.getMessage());
        }
        guard.callSucceeded();
        HubSpotEmailEventsCursor next = page.hasMore() ? cursor.next(page.offset()) : cursor.finished();
        boolean goOn = tail.apply(new SourcePage(source, page.records(), page.unreadable(), next.toJson(),
                next.inPass()), cursor.backfill() ? progress : null, null, !next.inPass(), clock.instant());
        cursor = next;
        return goOn;
    }

    @Override
    public synchronized boolean onFailure(String reason) {
        guard.answered("io-error");
        return tail.waitOrEnd(answers.noAnswer(reason));
    }
}
