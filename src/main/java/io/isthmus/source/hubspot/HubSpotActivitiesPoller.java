package io.isthmus.source.hubspot;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.source.HttpCall;
import io.isthmus.source.MalformedPageException;
import io.isthmus.source.PollTail;
import io.isthmus.source.PollingSource;
import io.isthmus.source.SourceGuard;
import io.isthmus.source.SourceRecord;
import io.isthmus.source.SourceStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bean behind the HubSpot activities poll: for each configured engagement type, a search page by the stored
 * keyset, then the page's contacts from the v4 associations batch read (again with {@code after} for engagements
 * with more contacts than one answer holds), then the page applied as activities with the moved cursor in one
 * transaction. Nothing is stored between the search and its associations: a poll cut off there reads the page
 * again. Answers that are not a page go to {@link HubSpotAnswers}, as for contacts.
 */
public final class HubSpotActivitiesPoller implements PollingSource {

    private static final String JSON = "application/json";

    /** A search page read and waiting for its contacts; applied as a whole with {@code next}. */
    private record Pending(HubSpotEngagements.SearchPage page, Map<String, List<String>> contacts,
                           Map<String, String> toAsk, HubSpotActivityCursor next) {
    }

    private final IsthmusSettings.HubSpot settings;
    private final SourceStore store;
    private final SourceGuard guard;
    private final Clock clock;
    private final HubSpotEngagements api;
    private final HubSpotAnswers answers;
    private final String source;
    private final PollTail tail;
    private HubSpotActivityCursor cursor;
    private Pending pending;

    public HubSpotActivitiesPoller(String source, IsthmusSettings.HubSpot settings, SourceStore store,
                                   SourceGuard guard, Clock clock) {
        this.source = source;
        this.settings = settings;
        this.store = store;
        this.guard = guard;
        this.clock = clock;
        this.api = new HubSpotEngagements(settings.baseUrl().toString(), settings.pageSize());
        this.answers = new HubSpotAnswers(guard, clock);
        this.tail = new PollTail(store, guard, settings.maxPagesPerPoll());
    }

    @Override
    public synchronized boolean startPoll() {
        if (!settings.enabled() || !settings.activities().enabled() || !guard.tryStartPoll()) {
            return false;
        }
        cursor = store.cursor().map(HubSpotActivityCursor::fromJson).orElse(HubSpotActivityCursor.INITIAL)
                .passAt(clock.instant(), settings.overlap(), settings.activities().types());
        pending = null;
        tail.begin();
        return true;
    }

    @Override
    public synchronized HttpCall nextCall() {
        String type = cursor.type();
        HttpCall call = pending != null
                ? new HttpCall(type + "-contacts", "POST", api.associationsUrl(type),
                        api.associationsBody(pending.toAsk()), JSON, bearer(), tail.takeWait())
                : new HttpCall(type + "-search", "POST", api.searchUrl(type), api.searchBody(type, cursor.keyset()),
                        JSON, bearer(), tail.takeWait());
        return call;
    }

    @Override
    public synchronized boolean onResponse(int status, String body, String retryAfter) {
        guard.answered(Integer.toString(status));
        // 207: the associations batch answered some ids and reported others (e.g. none found) under "errors".
        if (status != 200 && !(status == 207 && pending != null)) {
            return waitOrEnd(answers.notAPage(status, body, retryAfter));
        }
        try {
            return pending == null ? searched(body) : associated(body);
        } catch (MalformedPageException e) {
            String what = pending == null ? cursor.type() + " search" : cursor.type() + " associations";
            pending = null;
            return tail.quarantine(body, what + ": " + e.getMessage(),
                    "malformed " + what + " page quarantined (cursor not moved): " + e.getMessage());
        }
    }

    private boolean searched(String body) throws MalformedPageException {
        HubSpotEngagements.SearchPage page = api.readSearch(cursor.type(), body, cursor.keyset());
        guard.callSucceeded();
        HubSpotActivityCursor next = page.more() ? cursor.after(page.lastId())
                : cursor.typeDone(settings.activities().types());
        Map<String, String> ask = new LinkedHashMap<>();
        page.engagements().stream().filter(e -> e.activity() != null).forEach(e -> ask.put(e.id(), null));
        Pending p = new Pending(page, new HashMap<>(), ask, next);
        if (ask.isEmpty()) {
            return apply(p);
        }
        // Applied only once the contacts are read; a poll cut off in between reads the page again.
        pending = p;
        return true;
    }

    private boolean associated(String body) throws MalformedPageException {
        HubSpotEngagements.Associations a = api.readAssociations(body);
        guard.callSucceeded();
        // A new map, not the pending one changed: if applying fails, the error policy hands this same answer back
        // and it must meet the state it first met.
        Map<String, List<String>> contacts = new HashMap<>();
        pending.contacts().forEach((id, ids) -> contacts.put(id, new ArrayList<>(ids)));
        a.contacts().forEach((id, ids) -> contacts.computeIfAbsent(id, k -> new ArrayList<>()).addAll(ids));
        Pending read = new Pending(pending.page(), contacts, a.more(), pending.next());
        if (!a.more().isEmpty()) {
            pending = read;
            return true;
        }
        return apply(read);
    }

    private boolean apply(Pending p) {
        List<SourceRecord> records = api.activities(p.page().engagements(), p.contacts());
        boolean goOn = tail.apply(new SourcePage(source, records, p.page().unreadable(), p.next().toJson(),
                p.next().inPass()));
        pending = null;
        cursor = p.next();
        return goOn;
    }

    @Override
    public synchronized boolean onFailure(String reason) {
        guard.answered("io-error");
        return waitOrEnd(answers.noAnswer(reason));
    }

    private boolean waitOrEnd(long wait) {
        if (wait < 0) {
            pending = null;
        }
        return tail.waitOrEnd(wait);
    }

    private String bearer() {
        return "Bearer " + settings.token().reveal();
    }
}
