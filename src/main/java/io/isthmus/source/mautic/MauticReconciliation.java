package io.isthmus.source.mautic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.source.HttpCall;
import io.isthmus.source.MalformedPageException;
import io.isthmus.source.PollTail;
import io.isthmus.source.PollingSource;
import io.isthmus.source.SourceDeletion;
import io.isthmus.source.SourceGuard;
import io.isthmus.source.SourceRecord;
import io.isthmus.source.SourceStore;
import io.isthmus.store.Database;
import io.isthmus.store.SourceLinkRepository;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean behind the Mautic reconciliation: Mautic's API lists only contacts that exist and reports neither
 * deletions nor merges (a merge deletes the merged-away contact), so on its own schedule a pass pages through every
 * contact id Mautic holds ({@code minimal=true}, by id ascending with a keyset, so a deletion during the pass
 * cannot shift a page) and compares each page with the store's Mautic links in the same id range. A linked id
 * Mautic no longer has becomes a {@link SourceDeletion}, applied with the moved cursor in one transaction.
 *
 * <p>Safe paging: only links made before the pass began are compared, so a contact created (and linked by the
 * contact poll) during the pass is never reported gone; the last (short) page covers every id above the previous
 * one. Bounded memory: one page of ids and the store's links in that page's range. Guards against reading a partial
 * view as mass deletion: a page holding an id at or below the keyset (Mautic ignored the filter) is quarantined, and
 * a pass whose first page is empty while the store holds Mautic links fails without applying anything (typically
 * an API user allowed to see only its own contacts).
 */
public final class MauticReconciliation implements PollingSource {

    public static final String SOURCE = "mautic-reconcile";
    private static final Logger LOG = LoggerFactory.getLogger(MauticReconciliation.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Where the reconciliation stands: the pass that began at {@code passStart} has compared every id up to
     * {@code afterId}; {@code passStart} null between passes ({@code lastPass}: when the last complete one began).
     */
    record Cursor(Instant passStart, long afterId, Instant lastPass) {

        static final Cursor INITIAL = new Cursor(null, 0, null);

        boolean inPass() {
            return passStart != null;
        }

        String toJson() {
            ObjectNode n = JSON.createObjectNode();
            if (passStart != null) {
                n.put("passStart", passStart.toString());
            }
            n.put("afterId", afterId);
            if (lastPass != null) {
                n.put("lastPass", lastPass.toString());
            }
            return n.toString();
        }

        static Cursor fromJson(String text) {
            try {
                JsonNode n = JSON.readTree(text);
                return new Cursor(n.path("passStart").isTextual() ? Instant.parse(n.get("passStart").asText()) : null,
                        n.path("afterId").asLong(0),
                        n.path("lastPass").isTextual() ? Instant.parse(n.get("lastPass").asText()) : null);
            } catch (IOException e) {
                throw new IllegalStateException("stored Mautic reconciliation cursor is not JSON: " + e.getMessage(),
                        e);
            }
        }
    }

    private final IsthmusSettings.Mautic settings;
    private final MauticApi api;
    private final SourceStore store;
    private final SourceGuard guard;
    private final Database db;
    private final Clock clock;
    private final PollTail tail;
    private final SourceLinkRepository links = new SourceLinkRepository();
    private Cursor cursor;
    private final MauticLogin login;

    public MauticReconciliation(IsthmusSettings.Mautic settings, SourceStore store, SourceGuard guard, Database db,
                                Clock clock) {
        this.settings = settings;
        this.api = new MauticApi(settings.baseUrl().toString(), settings.reconcile().pageSize(), settings.events());
        this.store = store;
        this.guard = guard;
        this.db = db;
        this.clock = clock;
        this.login = new MauticLogin(settings, api, guard, clock);
        this.tail = new PollTail(store, guard, settings.reconcile().maxPagesPerPoll());
    }

    @Override
    public synchronized boolean startPoll() {
        if (!settings.enabled() || !settings.reconcile().enabled() || !guard.tryStartPoll()) {
            return false;
        }
        cursor = store.cursor().map(Cursor::fromJson).orElse(Cursor.INITIAL);
        if (!cursor.inPass()) {
            cursor = new Cursor(clock.instant(), 0, cursor.lastPass());
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
        return new HttpCall("contact-ids", "GET", api.idsUrl(cursor.afterId(), settings.reconcile().pageSize()),
                null, null, login.authorization(), wait);
    }

    @Override
    public synchronized boolean onResponse(int status, String body, String retryAfter) {
        Boolean handled = login.notAPage(status, body, retryAfter, tail);
        if (handled != null) {
            return handled;
        }
        MauticApi.IdPage page;
        List<Long> ids;
        try {
            page = api.readIds(body);
            ids = page.ids();
            if (!ids.isEmpty() && ids.get(0) <= cursor.afterId()) {
                throw new MalformedPageException("contact id " + ids.get(0) + " is not after " + cursor.afterId()
                        + ": Mautic did not apply the id filter, so absent ids cannot be read as gone");
            }
        } catch (MalformedPageException e) {
            return tail.quarantine(body, "reconciliation: " + e.getMessage(),
                    "malformed contact id page quarantined (cursor not moved): " + e.getMessage());
        }
        guard.callSucceeded();
        // More follow while Mautic's total says so (a server-side cap on limit must not end the pass early and make
        // every id above the page look gone); without a total, a full page means more.
        boolean full = !ids.isEmpty() && (page.total() >= 0 ? page.total() > ids.size()
                : ids.size() >= settings.reconcile().pageSize());
        long upTo = full ? ids.get(ids.size() - 1) : Long.MAX_VALUE;
        List<Long> linked = db.inTransaction(c -> links.numericIdsBetween(c, MauticApi.SYSTEM, cursor.afterId(),
                upTo, cursor.passStart()));
        if (cursor.afterId() == 0 && ids.isEmpty() && !linked.isEmpty()) {
            guard.pollFailed("Mautic lists no contact at all while isthmus holds " + linked.size() + " linked Mautic "
                    + "contacts; nothing is unlinked (check that the API user may see every contact)");
            return false;
        }
        Set<Long> present = new HashSet<>(ids);
        Instant now = clock.instant();
        List<SourceRecord> gone = new ArrayList<>();
        for (Long id : linked) {
            if (!present.contains(id)) {
                gone.add(new SourceDeletion(MauticApi.SYSTEM, Long.toString(id), now));
            }
        }
        if (!gone.isEmpty()) {
            LOG.info("source={} {} Mautic contact(s) gone at Mautic (deleted or merged away), unlinking: {}", SOURCE,
                    gone.size(), gone.stream().map(SourceRecord::sourceId).limit(20).toList());
        }
        Cursor next = full ? new Cursor(cursor.passStart(), upTo, cursor.lastPass())
                : new Cursor(null, 0, cursor.passStart());
        boolean goOn = tail.apply(new SourcePage(SOURCE, gone, List.of(), next.toJson(), next.inPass()));
        cursor = next;
        return goOn;
    }


    @Override
    public synchronized boolean onFailure(String reason) {
        guard.answered("io-error");
        return tail.retry(reason);
    }

}
