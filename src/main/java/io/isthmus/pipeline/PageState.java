package io.isthmus.pipeline;

import io.isthmus.buyer.BuyerRecord;
import io.isthmus.buyer.NormalizedContact;
import io.isthmus.store.ActivityRepository;
import io.isthmus.store.Batch;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.ConsentRepository;
import io.isthmus.store.ContributionRepository;
import io.isthmus.store.SourceLinkRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one attempt at a page knows about the store and the writes it has queued. The page's source links, the
 * buyers they lead to, the buyers owning the page's emails and the contacts with activities waiting for a buyer are
 * read in a few queries at the start instead of a few per record; every later change the page makes is kept here
 * too, so the look-ups stay right without reading again. New buyers, their links, audit entries and, for buyers new
 * in this page, the score, stage and outbox rows are written in batches when {@link #flush}ed.
 *
 * <p>Buyers created by this page are <em>fresh</em>: nothing but their buyer row, links and audit entries exists,
 * so publishing them needs no reads either. A buyer stops being fresh when an activity, a consent change or a
 * source merge reaches it.
 *
 * <p>A miss falls back to the store, so forgetting (after a non-contact record, or when a record is rolled back to
 * its savepoint) is always safe: it only costs reads.
 */
final class PageState {

    /** A link to write: a new row or a re-link of an existing one. */
    private record PendingLink(String system, String sourceId, String buyerId, Instant modifiedAt, Instant linkedAt,
                               boolean insert) {
    }

    /** A contribution to write: the contact's latest values, inserted or updated by whether a row is stored. */
    private record PendingContribution(NormalizedContact contact, Instant at, boolean exists) {
    }

    private final BuyerRepository buyers;
    private final SourceLinkRepository links;
    private final ActivityRepository activities;
    private final ContributionRepository contributions;
    /** Score, stage, outbox and audit rows; flushed after the buyers and links they refer to. */
    final Batch batch = new Batch();

    private final Map<String, Optional<String>> linkBuyer = new HashMap<>();
    private final Map<String, Optional<BuyerRecord>> byId = new HashMap<>();
    private final Map<String, Optional<String>> emailOwner = new HashMap<>();
    private final Map<String, BuyerRecord> unwritten = new LinkedHashMap<>();
    private final Map<String, PendingLink> pendingLinks = new LinkedHashMap<>();
    /** The keys of {@link #pendingLinks} by the buyer they lead to, so a buyer's are found without a scan. */
    private final Map<String, Set<String>> pendingLinksByBuyer = new HashMap<>();
    private final Set<String> fresh = new HashSet<>();
    /** Link keys known to have (adoptable) or not to have unlinked activities. */
    private final Map<String, Boolean> adoptable = new HashMap<>();
    /** Link keys known to have (true) or not to have a stored contribution row. */
    private final Map<String, Boolean> contributed = new HashMap<>();
    private final Map<String, PendingContribution> pendingContributions = new LinkedHashMap<>();

    PageState(BuyerRepository buyers, SourceLinkRepository links, ActivityRepository activities,
              ContributionRepository contributions) {
        this.buyers = buyers;
        this.links = links;
        this.activities = activities;
        this.contributions = contributions;
    }

    /** Reads what the page's contacts will look up, in one query per kind (and per source system). */
    void preload(Connection c, Collection<NormalizedContact> contacts) throws SQLException {
        if (contacts.isEmpty()) {
            return;
        }
        Map<String, List<String>> idsBySystem = new HashMap<>();
        Set<String> emails = new HashSet<>();
        for (NormalizedContact k : contacts) {
            idsBySystem.computeIfAbsent(k.system(), s -> new ArrayList<>()).add(k.sourceId());
            if (k.email() != null) {
                emails.add(k.email());
            }
        }
        Set<String> linked = new HashSet<>();
        for (Map.Entry<String, List<String>> e : idsBySystem.entrySet()) {
            Map<String, String> found = links.buyersFor(c, e.getKey(), e.getValue());
            Set<String> waiting = activities.unlinkedContactRefs(c, e.getKey(), e.getValue());
            Set<String> stored = contributions.existing(c, e.getKey(), e.getValue());
            for (String id : e.getValue()) {
                String buyer = found.get(id);
                linkBuyer.put(key(e.getKey(), id), Optional.ofNullable(buyer));
                adoptable.put(key(e.getKey(), id), waiting.contains(id));
                contributed.put(key(e.getKey(), id), stored.contains(id));
                if (buyer != null) {
                    linked.add(buyer);
                }
            }
        }
        for (BuyerRecord b : buyers.findByEmails(c, emails).values()) {
            remember(b);
        }
        for (String email : emails) {
            emailOwner.putIfAbsent(email, Optional.empty());
        }
        linked.removeAll(byId.keySet());
        Map<String, BuyerRecord> found = buyers.findByIds(c, linked);
        for (String id : linked) {
            BuyerRecord b = found.get(id);
            if (b == null) {
                byId.put(id, Optional.empty());
            } else {
                remember(b);
            }
        }
    }

    private void remember(BuyerRecord b) {
        byId.put(b.id(), Optional.of(b));
        if (b.email() != null) {
            emailOwner.put(b.email(), Optional.of(b.id()));
        }
    }

    Optional<String> linkedBuyer(Connection c, String system, String sourceId) throws SQLException {
        String k = key(system, sourceId);
        Optional<String> known = linkBuyer.get(k);
        if (known == null) {
            known = links.buyerFor(c, system, sourceId);
            linkBuyer.put(k, known);
        }
        return known;
    }

    Optional<BuyerRecord> buyer(Connection c, String id) throws SQLException {
        Optional<BuyerRecord> known = byId.get(id);
        if (known == null) {
            known = buyers.findById(c, id);
            if (known.isPresent()) {
                remember(known.get());
            } else {
                byId.put(id, known);
            }
        }
        return known;
    }

    Optional<BuyerRecord> buyerByEmail(Connection c, String email) throws SQLException {
        Optional<String> owner = emailOwner.get(email);
        if (owner == null) {
            Optional<BuyerRecord> b = buyers.findByEmail(c, email);
            if (b.isPresent()) {
                remember(b.get());
            } else {
                emailOwner.put(email, Optional.empty());
            }
            return b;
        }
        return owner.isEmpty() ? Optional.empty() : buyer(c, owner.get());
    }

    /** A buyer new in this page: inserted at the next flush, fresh until something else reaches it. */
    void created(BuyerRecord b) {
        unwritten.put(b.id(), b);
        remember(b);
        fresh.add(b.id());
    }

    /** Stores the buyer's new values: in its pending insert, or by a versioned update. False when another won. */
    boolean updated(Connection c, BuyerRecord before, BuyerRecord after) throws SQLException {
        if (unwritten.containsKey(after.id())) {
            unwritten.put(after.id(), after);
        } else if (!buyers.update(c, after)) {
            return false;
        }
        if (before.email() != null && !before.email().equals(after.email())) {
            emailOwner.put(before.email(), Optional.empty());
        }
        remember(after);
        return true;
    }

    /** Links (or re-links) the source record to the buyer at the next flush. */
    void link(Connection c, String system, String sourceId, String buyerId, Instant modifiedAt, Instant now)
            throws SQLException {
        String k = key(system, sourceId);
        PendingLink p = pendingLinks.get(k);
        if (p != null) {
            pendingLinksByBuyer.get(p.buyerId()).remove(k);
            pendingLinks.put(k, new PendingLink(system, sourceId, buyerId, modifiedAt, p.linkedAt(), p.insert()));
        } else {
            boolean exists = linkedBuyer(c, system, sourceId).isPresent();
            pendingLinks.put(k, new PendingLink(system, sourceId, buyerId, modifiedAt, now, !exists));
        }
        pendingLinksByBuyer.computeIfAbsent(buyerId, b -> new HashSet<>()).add(k);
        linkBuyer.put(k, Optional.of(buyerId));
    }

    /** The newest source modification time among the buyer's other source records, or null when none. */
    Instant newestOtherModified(Connection c, String buyerId, String system, String sourceId) throws SQLException {
        String self = key(system, sourceId);
        Instant newest = null;
        if (!unwritten.containsKey(buyerId)) {
            for (SourceLinkRepository.Link l : links.forBuyer(c, buyerId)) {
                String k = key(l.system(), l.sourceId());
                if (!k.equals(self) && !pendingLinks.containsKey(k)) {
                    newest = later(newest, l.modifiedAt());
                }
            }
        }
        for (String k : pendingLinksByBuyer.getOrDefault(buyerId, Set.of())) {
            if (!k.equals(self)) {
                newest = later(newest, pendingLinks.get(k).modifiedAt());
            }
        }
        return newest;
    }

    private static Instant later(Instant a, Instant b) {
        return b == null || a != null && !b.isAfter(a) ? a : b;
    }

    /**
     * Stores the contact's values as its source record's latest contribution at the next flush. A second contribution
     * of the same source record in the page replaces the first before it is written.
     */
    void contribute(Connection c, NormalizedContact k, Instant now) throws SQLException {
        String key = key(k.system(), k.sourceId());
        PendingContribution p = pendingContributions.get(key);
        boolean exists;
        if (p != null) {
            exists = p.exists();
        } else {
            Boolean known = contributed.get(key);
            exists = known != null ? known : contributions.exists(c, k.system(), k.sourceId());
        }
        pendingContributions.put(key, new PendingContribution(k, now, exists));
    }

    /**
     * The activities the source contact brings that wait for a buyer: none when the page knows there are none,
     * else as the store holds them (the page writes no activity rows through its batches).
     */
    List<ActivityRepository.ActivityRef> waitingActivities(Connection c, String system, String sourceId)
            throws SQLException {
        if (Boolean.FALSE.equals(adoptable.get(key(system, sourceId)))) {
            return List.of();
        }
        return activities.unlinkedFor(c, system, sourceId);
    }

    /** The buyer's consent: none for a fresh buyer (nothing but the page's contacts reached it), else as stored. */
    ConsentRepository.Consent consent(Connection c, ConsentRepository consents, String buyerId) throws SQLException {
        return isFresh(buyerId) ? ConsentRepository.Consent.NONE : consents.find(c, buyerId);
    }

    /** Links the source contact's waiting activities to the buyer; returns how many. */
    int adopt(Connection c, String buyerId, String system, String sourceId) throws SQLException {
        String k = key(system, sourceId);
        if (Boolean.FALSE.equals(adoptable.get(k))) {
            return 0;
        }
        int n = activities.adoptFor(c, buyerId, system, sourceId, null);
        adoptable.put(k, false);
        if (n > 0) {
            fresh.remove(buyerId);
        }
        return n;
    }

    boolean isFresh(String buyerId) {
        return fresh.contains(buyerId) && byId.getOrDefault(buyerId, Optional.empty()).isPresent();
    }

    /** The buyer's values as this page left them; only for fresh buyers. */
    BuyerRecord current(String buyerId) {
        return byId.get(buyerId).orElseThrow();
    }

    /** Writes everything queued: buyers first (links refer to them), then links, then the rest in order. */
    void flush(Connection c) throws SQLException {
        try {
            if (!unwritten.isEmpty()) {
                Batch b = new Batch();
                for (BuyerRecord r : unwritten.values()) {
                    buyers.insert(b, r);
                }
                unwritten.clear();
                b.flush(c);
            }
            if (!pendingLinks.isEmpty()) {
                Batch b = new Batch();
                for (PendingLink p : pendingLinks.values()) {
                    if (p.insert()) {
                        links.insert(b, p.system(), p.sourceId(), p.buyerId(), p.modifiedAt(), p.linkedAt());
                    } else {
                        links.update(b, p.system(), p.sourceId(), p.buyerId(), p.modifiedAt());
                    }
                }
                pendingLinks.clear();
                pendingLinksByBuyer.clear();
                b.flush(c);
            }
            if (!pendingContributions.isEmpty()) {
                Batch b = new Batch();
                for (PendingContribution p : pendingContributions.values()) {
                    contributions.save(b, p.contact(), p.exists(), p.at());
                    contributed.put(key(p.contact().system(), p.contact().sourceId()), true);
                }
                pendingContributions.clear();
                b.flush(c);
            }
            batch.flush(c);
        } catch (SQLException | RuntimeException e) {
            forget();
            throw e;
        }
    }

    /**
     * Drops everything known and queued: after a record was rolled back to its savepoint (what it queued or cached
     * may not hold), or after a record that writes without this state (activities, consent, source merges).
     * Later look-ups read the store; buyers created earlier in the page are published the ordinary way.
     */
    void forget() {
        linkBuyer.clear();
        byId.clear();
        emailOwner.clear();
        unwritten.clear();
        pendingLinks.clear();
        pendingLinksByBuyer.clear();
        fresh.clear();
        adoptable.clear();
        contributed.clear();
        pendingContributions.clear();
        batch.clear();
    }

    private static String key(String system, String sourceId) {
        return system + '\u0000' + sourceId;
    }
}
