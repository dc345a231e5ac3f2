package io.isthmus.source.marketo;

import com.fasterxml.jackson.databind.JsonNode;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.source.BackfillProgress;
import io.isthmus.source.HttpCall;
import io.isthmus.source.MalformedPageException;
import io.isthmus.source.PollingSource;
import io.isthmus.source.SourceGuard;
import io.isthmus.source.SourceRecord;
import io.isthmus.source.SourceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean behind the Marketo poll. Each poll runs a pass (or continues the stored one): a paging token for the
 * pass's start, then lead changes page by page, then activities page by page. For every page, the leads it names
 * that isthmus does not know yet are fetched by id, and the page (contacts first, then activities, consent
 * changes and merges) is applied with the moved cursor in one transaction. The access token is fetched before
 * it is needed and again when Marketo says it expired (601/602); 606 waits out the 20-second window, 615 and the
 * transient codes back off exponentially, 607 (daily quota) pauses the source until midnight US Central time.
 * One poll runs at a time (the Quartz job is stateful), so the poll's state lives in fields.
 */
public final class MarketoSource implements PollingSource {

    public static final String SOURCE = "marketo";
    private static final Logger LOG = LoggerFactory.getLogger(MarketoSource.class);
    private static final ZoneId QUOTA_ZONE = ZoneId.of("America/Chicago");
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(60);
    private static final int CALLS_PER_WINDOW = 100;
    private static final Duration CALL_WINDOW = Duration.ofSeconds(20);
    private static final int MAX_TOKEN_REFRESHES = 2;

    private enum Step { IDENTITY, PAGING_TOKEN, LEAD_CHANGES, ACTIVITIES, LEADS }

    /** A page read and waiting for its leads, applied as a whole with {@code next}. */
    private record Pending(List<SourceRecord> records, List<SourcePage.UnreadableRecord> unreadable,
                           Set<String> leadsToFetch, MarketoCursor next, Instant latest) {
    }

    private final IsthmusSettings.Marketo settings;
    private final MarketoApi api;
    private final SourceStore store;
    private final SourceGuard guard;
    private final BackfillProgress progress;
    private final Clock clock;
    private final Deque<Instant> recentCalls = new ArrayDeque<>();
    private MarketoCursor cursor;
    private String accessToken;
    private Instant tokenExpiresAt = Instant.EPOCH;
    private Pending pending;
    private Step inFlight;
    private long waitNext;
    private int pages;
    private int tokenRefreshes;

    public MarketoSource(IsthmusSettings.Marketo settings, SourceStore store, SourceGuard guard,
                         BackfillProgress progress, Clock clock) {
        this.settings = settings;
        this.api = new MarketoApi(settings.baseUrl().toString(), settings.activityTypeIds(), settings.fields());
        this.store = store;
        this.guard = guard;
        this.progress = progress;
        this.clock = clock;
    }

    @Override
    public synchronized boolean startPoll() {
        if (!settings.enabled() || !guard.tryStartPoll()) {
            return false;
        }
        Instant now = clock.instant();
        MarketoCursor stored = store.cursor().map(MarketoCursor::fromJson).orElse(MarketoCursor.INITIAL);
        cursor = stored.passAt(now, settings.overlap(), settings.backfillFrom());
        if (cursor.backfill()) {
            progress.start(cursor.passFrom(), cursor.passStart(), now);
        }
        pending = null;
        inFlight = null;
        waitNext = 0;
        pages = 0;
        tokenRefreshes = 0;
        return true;
    }

    @Override
    public synchronized HttpCall nextCall() {
        HttpCall call;
        Instant now = clock.instant();
        if (accessToken == null || !now.isBefore(tokenExpiresAt)) {
            inFlight = Step.IDENTITY;
            call = HttpCall.get("identity", api.identityUrl(settings.clientId().reveal(),
                    settings.clientSecret().reveal()), null);
        } else if (pending != null) {
            inFlight = Step.LEADS;
            call = HttpCall.get("leads", api.leadsUrl(pending.leadsToFetch()), bearer());
        } else if (cursor.sinceToken() == null) {
            inFlight = Step.PAGING_TOKEN;
            call = HttpCall.get("pagingtoken", api.pagingTokenUrl(cursor.passFrom()), bearer());
        } else if (cursor.stream() == MarketoCursor.Stream.LEAD_CHANGES) {
            inFlight = Step.LEAD_CHANGES;
            call = HttpCall.get("leadchanges", api.leadChangesUrl(cursor.pageToken()), bearer());
        } else {
            inFlight = Step.ACTIVITIES;
            call = HttpCall.get("activities", api.activitiesUrl(cursor.pageToken()), bearer());
        }
        long wait = Math.max(waitNext, windowWait(now));
        waitNext = 0;
        recentCalls.addLast(now.plusMillis(wait));
        return call.after(wait);
    }

    @Override
    public synchronized boolean onResponse(int status, String body, String retryAfter) {
        guard.answered(Integer.toString(status));
        Step step = inFlight;
        if (step == null) {
            throw new IllegalStateException("onResponse called without a call in flight");
        }
        // The step stays in flight until handled: if applying fails (store unreachable), the error policy's
        // redelivery hands the same answer back and it is applied then, in one transaction as always.
        boolean more = handle(step, status, body);
        inFlight = null;
        return more;
    }

    private boolean handle(Step step, int status, String body) {
        if (step == Step.IDENTITY && (status == 400 || status == 401)) {
            return fail("Marketo refused the client credentials (HTTP " + status + "); check "
                    + "isthmus.marketo.clientId and clientSecret");
        }
        if (status >= 500 || status == 429) {
            return retry("HTTP " + status + " from " + step);
        }
        if (status != 200) {
            return fail("HTTP " + status + " from " + step + " (Marketo answers 413/414 for oversized requests)");
        }
        try {
            JsonNode root = api.parse(body);
            if (step == Step.IDENTITY) {
                MarketoApi.Token t = api.token(root);
                accessToken = t.accessToken();
                tokenExpiresAt = clock.instant().plusSeconds(t.expiresInSeconds()).minus(TOKEN_MARGIN);
                guard.tokenRefreshed();
                return true;
            }
            MarketoApi.Refusal refusal = api.refusal(root);
            if (refusal != null) {
                return refused(step, refusal);
            }
            guard.callSucceeded();
            return switch (step) {
                case PAGING_TOKEN -> {
                    cursor = cursor.withSinceToken(api.pagingToken(root));
                    yield true;
                }
                case LEAD_CHANGES -> {
                    MarketoApi.ActivityPage p = api.leadChanges(root);
                    MarketoCursor next = p.moreResult() ? cursor.next(p.nextPageToken()) : cursor.toActivities();
                    yield read(new Pending(List.of(), p.unreadable(), p.leadIds(), next, p.latest()));
                }
                case ACTIVITIES -> {
                    MarketoApi.ActivityPage p = api.activities(root);
                    MarketoCursor next = p.moreResult() ? cursor.next(p.nextPageToken()) : cursor.finished();
                    yield read(new Pending(p.records(), p.unreadable(), store.unlinked(MarketoApi.SYSTEM,
                            p.leadIds()), next, p.latest()));
                }
                case LEADS -> {
                    MarketoApi.Leads leads = api.leads(root, pending.leadsToFetch(),
                            pending.latest() == null ? clock.instant() : pending.latest());
                    if (!leads.missing().isEmpty()) {
                        LOG.info("source={} leads {} are gone at Marketo (deleted or merged); their activities are "
                                + "kept unlinked", SOURCE, leads.missing());
                    }
                    List<SourceRecord> records = new ArrayList<>(leads.contacts());
                    records.addAll(pending.records());
                    List<SourcePage.UnreadableRecord> unreadable = new ArrayList<>(pending.unreadable());
                    unreadable.addAll(leads.unreadable());
                    yield apply(new Pending(records, unreadable, Set.of(), pending.next(), pending.latest()));
                }
                case IDENTITY -> throw new IllegalStateException("unreachable");
            };
        } catch (MalformedPageException e) {
            store.quarantinePage(body, step + ": " + e.getMessage());
            pending = null;
            return fail("malformed " + step + " page quarantined: " + e.getMessage());
        }
    }

    @Override
    public synchronized boolean onFailure(String reason) {
        guard.answered("io-error");
        inFlight = null;
        return retry(reason);
    }

    private boolean read(Pending page) {
        if (page.leadsToFetch().isEmpty()) {
            return apply(page);
        }
        pending = page;
        return true;
    }

    private boolean apply(Pending page) {
        MarketoCursor next = page.next();
        boolean backfill = cursor.backfill();
        store.apply(new SourcePage(SOURCE, page.records(), page.unreadable(), next.toJson(), next.inPass()));
        cursor = next;
        pending = null;
        pages++;
        Instant now = clock.instant();
        if (backfill) {
            progress.page(page.records().size() + page.unreadable().size(), page.latest(), now);
            if (!next.inPass()) {
                progress.finish(now);
            }
        }
        if (!next.inPass() || pages >= settings.maxPagesPerPoll() || guard.pollShouldYield()) {
            guard.pollSucceeded();
            return false;
        }
        return true;
    }

    private boolean refused(Step step, MarketoApi.Refusal r) {
        String what = r.code() + " " + r.message() + " (" + step + ")";
        switch (r.kind()) {
            case TOKEN -> {
                accessToken = null;
                if (++tokenRefreshes > MAX_TOKEN_REFRESHES) {
                    return fail("Marketo keeps refusing fresh tokens: " + what);
                }
                return true;
            }
            case RATE -> {
                long wait = guard.rateLimited(settings.rateLimitPause(), what);
                return waitOrEnd(wait);
            }
            case QUOTA -> {
                Instant midnight = clock.instant().atZone(QUOTA_ZONE).toLocalDate().plusDays(1)
                        .atStartOfDay(QUOTA_ZONE).toInstant();
                guard.pauseUntil(midnight, "daily API quota used up: " + what);
                guard.pollSucceeded();
                return false;
            }
            case CONCURRENCY, TRANSIENT -> {
                return retry(what);
            }
            default -> {
                return fail("Marketo refused the call: " + what);
            }
        }
    }

    private boolean waitOrEnd(long wait) {
        if (wait < 0) {
            guard.pollSucceeded();
            return false;
        }
        waitNext = wait;
        return true;
    }

    private boolean retry(String reason) {
        long delay = guard.retryDelayMillis(reason);
        if (delay < 0) {
            return fail("retries used up: " + reason);
        }
        waitNext = delay;
        return true;
    }

    private boolean fail(String reason) {
        pending = null;
        guard.pollFailed(reason);
        return false;
    }

    private String bearer() {
        return "Bearer " + accessToken;
    }

    /** Keeps under 100 calls per 20 seconds: the wait before the next call may go. */
    private long windowWait(Instant now) {
        while (!recentCalls.isEmpty() && !recentCalls.peekFirst().isAfter(now.minus(CALL_WINDOW))) {
            recentCalls.removeFirst();
        }
        if (recentCalls.size() < CALLS_PER_WINDOW) {
            return 0;
        }
        return Duration.between(now, recentCalls.peekFirst().plus(CALL_WINDOW)).toMillis();
    }
}
