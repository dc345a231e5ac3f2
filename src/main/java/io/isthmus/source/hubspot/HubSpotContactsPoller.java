package io.isthmus.source.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.pipeline.PageResult;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.source.HttpCall;
import io.isthmus.source.MalformedPageException;
import io.isthmus.source.PollingSource;
import io.isthmus.source.SourceGuard;
import io.isthmus.source.SourceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The bean behind the HubSpot contacts poll (the generic source route templates): each call is a search for the
 * stored cursor; each answer is applied with the moved cursor in one transaction. HubSpot's 429 says which limit
 * was hit: SECONDLY waits Retry-After (or the ten-second window) inside the poll; DAILY pauses the source until
 * the next day (UTC midnight; HubSpot resets by the account's time zone, so this errs on the late side). 401
 * fails the poll (the token is wrong or revoked); 5xx and I/O errors back off and retry. One poll runs at a time
 * (the Quartz job is stateful), so the pass in flight is a field.
 */
public final class HubSpotContactsPoller implements PollingSource {

    private static final Duration SECONDLY_WINDOW = Duration.ofSeconds(10);

    private final ObjectMapper json = new ObjectMapper();
    private final String source;
    private final IsthmusSettings.HubSpot settings;
    private final SourceStore store;
    private final SourceGuard guard;
    private final Clock clock;
    private final HubSpotContactSearch search;
    private final String searchUrl;
    private HubSpotCursor inFlight;
    private long waitNext;
    private int pagesThisPoll;

    public HubSpotContactsPoller(String source, IsthmusSettings.HubSpot settings, SourceStore store,
                                 SourceGuard guard, Clock clock) {
        this.source = source;
        this.settings = settings;
        this.store = store;
        this.guard = guard;
        this.clock = clock;
        this.search = new HubSpotContactSearch(source, settings.pageSize(), settings.properties());
        String base = settings.baseUrl().toString();
        this.searchUrl = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/crm/v3/objects/contacts/search";
    }

    @Override
    public synchronized boolean startPoll() {
        if (!settings.enabled() || !guard.tryStartPoll()) {
            return false;
        }
        pagesThisPoll = 0;
        waitNext = 0;
        return true;
    }

    @Override
    public synchronized HttpCall nextCall() {
        HubSpotCursor stored = store.cursor().map(HubSpotCursor::fromJson).orElse(HubSpotCursor.INITIAL);
        inFlight = stored.passAt(clock.instant(), settings.overlap());
        HttpCall call = new HttpCall("contacts-search", "POST", searchUrl, search.requestBody(inFlight),
                "application/json", "Bearer " + settings.token().reveal(), waitNext);
        waitNext = 0;
        return call;
    }

    @Override
    public synchronized boolean onResponse(int status, String body, String retryAfter) {
        guard.answered(Integer.toString(status));
        HubSpotCursor pass = inFlight;
        if (pass == null) {
            throw new IllegalStateException("onResponse called before nextCall");
        }
        if (status == 429) {
            return rateLimited(body, retryAfter);
        }
        if (status >= 500) {
            return retry("HTTP " + status);
        }
        if (status != 200) {
            guard.pollFailed("HubSpot answered HTTP " + status + ": " + message(body)
                    + (status == 401 ? " (check isthmus.hubspot.token)" : ""));
            return false;
        }
        SourcePage page;
        try {
            page = search.readPage(body, pass);
        } catch (MalformedPageException e) {
            store.quarantinePage(body, e.getMessage());
            guard.pollFailed("malformed page quarantined (cursor not moved): " + e.getMessage());
            return false;
        }
        guard.callSucceeded();
        PageResult r = store.apply(page);
        inFlight = null;
        pagesThisPoll++;
        if (!r.more() || pagesThisPoll >= settings.maxPagesPerPoll()) {
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

    private boolean rateLimited(String body, String retryAfter) {
        String policy = field(body, "policyName");
        if ("DAILY".equals(policy)) {
            Instant tomorrow = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1)
                    .atStartOfDay(ZoneOffset.UTC).toInstant();
            guard.pauseUntil(tomorrow, "HubSpot daily limit reached: " + message(body));
            guard.pollSucceeded();
            return false;
        }
        Duration wait = SECONDLY_WINDOW;
        if (retryAfter != null && retryAfter.trim().matches("\\d{1,6}")) {
            wait = Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
        }
        long millis = guard.rateLimited(wait, "HTTP 429 " + (policy == null ? "" : policy + " ") + message(body));
        if (millis < 0) {
            guard.pollSucceeded();
            return false;
        }
        waitNext = millis;
        return true;
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

    private String message(String body) {
        String m = field(body, "message");
        return m == null ? "(no message)" : m;
    }

    private String field(String body, String name) {
        try {
            JsonNode n = json.readTree(body == null ? "" : body);
            return n != null && n.path(name).isTextual() ? n.get(name).asText() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
