package io.isthmus.source.hubspot;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.source.HttpCall;
import io.isthmus.source.MalformedPageException;
import io.isthmus.source.PollTail;
import io.isthmus.source.PollingSource;
import io.isthmus.source.SourceAnswer;
import io.isthmus.source.SourceFetcher;
import io.isthmus.source.SourceGuard;
import io.isthmus.source.SourceStore;
import java.time.Clock;

/**
 * The bean behind the HubSpot contacts poll (the generic source route templates): each call is a search for the
 * stored cursor; each answer is applied with the moved cursor in one transaction. Answers that are not a page (429,
 * 5xx, 401, I/O errors) are handled by {@link HubSpotAnswers}, shared with the activities poll. One poll runs at a
 * time (the Quartz job is stateful), so the pass in flight is a field. The search after a full page is sent ahead
 * while the page is applied ({@link PollTail}).
 */
public final class HubSpotContactsPoller implements PollingSource {

    private final String source;
    private final IsthmusSettings.HubSpot settings;
    private final SourceStore store;
    private final SourceGuard guard;
    private final Clock clock;
    private final HubSpotContactSearch search;
    private final HubSpotAnswers answers;
    private final String searchUrl;
    private final PollTail tail;
    private HubSpotCursor inFlight;

    public HubSpotContactsPoller(String source, IsthmusSettings.HubSpot settings, SourceStore store,
                                 SourceGuard guard, Clock clock) {
        this(source, settings, store, guard, clock, null);
    }

    /** @param fetcher sends the next search ahead while a page is applied; null: never ahead */
    public HubSpotContactsPoller(String source, IsthmusSettings.HubSpot settings, SourceStore store,
                                 SourceGuard guard, Clock clock, SourceFetcher fetcher) {
        this.source = source;
        this.settings = settings;
        this.store = store;
        this.guard = guard;
        this.clock = clock;
        this.search = new HubSpotContactSearch(source, settings.pageSize(), settings.properties());
        this.answers = new HubSpotAnswers(guard, clock);
        this.tail = new PollTail(store, guard, settings.maxPagesPerPoll(), fetcher);
        String base = settings.baseUrl().toString();
        this.searchUrl = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/crm/v3/objects/contacts/search";
    }

    @Override
    public synchronized boolean startPoll() {
        if (!settings.enabled() || !guard.tryStartPoll()) {
            return false;
        }
        tail.begin();
        return true;
    }

    @Override
    public synchronized HttpCall nextCall() {
        HubSpotCursor stored = store.cursor().map(HubSpotCursor::fromJson).orElse(HubSpotCursor.INITIAL);
        inFlight = stored.passAt(clock.instant(), settings.overlap());
        return searchCall(inFlight, tail.takeWait());
    }

    /** The search for the page at {@code pass}; the same for a call sent ahead and the one the route asks for. */
    private HttpCall searchCall(HubSpotCursor pass, long wait) {
        return new HttpCall("contacts-search", "POST", searchUrl, search.requestBody(pass), "application/json",
                "Bearer " + settings.token().reveal(), wait);
    }

    @Override
    public synchronized SourceAnswer prefetched(HttpCall call) {
        return tail.prefetched(call);
    }

    @Override
    public synchronized boolean onResponse(int status, String body, String retryAfter) {
        guard.answered(Integer.toString(status));
        HubSpotCursor pass = inFlight;
        if (pass == null) {
            throw new IllegalStateException("onResponse called before nextCall");
        }
        if (status != 200) {
            return tail.waitOrEnd(answers.notAPage(status, body, retryAfter));
        }
        SourcePage page;
        try {
            page = search.readPage(body, pass);
        } catch (MalformedPageException e) {
            return tail.quarantine(body, e.getMessage(),
                    "malformed page quarantined (cursor not moved): " + e.getMessage());
        }
        guard.callSucceeded();
        // The page's cursor is where the next search starts (a pass in progress: the clock plays no part).
        HubSpotCursor next = HubSpotCursor.fromJson(page.nextCursor());
        boolean goOn = tail.apply(page, () -> searchCall(next, 0));
        inFlight = null;
        return goOn;
    }

    @Override
    public synchronized boolean onFailure(String reason) {
        guard.answered("io-error");
        return tail.waitOrEnd(answers.noAnswer(reason));
    }
}
