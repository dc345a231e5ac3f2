package io.isthmus.pipeline;

import io.isthmus.buyer.BuyerRecord;
import io.isthmus.buyer.ContactNormalizer;
import io.isthmus.buyer.NormalizedContact;
import io.isthmus.identity.ExactKeyResolver;
import io.isthmus.identity.MatchDecision;
import io.isthmus.store.MatchReviewRepository;
import io.isthmus.ops.RecordLog;
import io.isthmus.source.SourceActivity;
import io.isthmus.source.SourceConsent;
import io.isthmus.source.SourceContact;
import io.isthmus.source.SourceDeletion;
import io.isthmus.source.SourceMerge;
import io.isthmus.source.SourceRecord;
import io.isthmus.store.ActivityRepository;
import io.isthmus.store.AuditRepository;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.ConsentRepository;
import io.isthmus.store.ContributionRepository;
import io.isthmus.store.MergeEventRepository;
import io.isthmus.store.Database;
import io.isthmus.store.DeadLetterRepository;
import io.isthmus.store.SourceLinkRepository;
import io.isthmus.store.StoreException;
import io.isthmus.store.WatermarkRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one source page in one transaction: contacts are normalized, resolved to a buyer and merged into it;
 * activities and consent changes are stored against their buyer; every buyer the page touched is re-scored and
 * re-staged and its CRM command queued; bad records go to dead letters; the source cursor moves last. Either all of
 * it is stored or none of it, so a page is never applied twice nor skipped.
 */
public final class PageApplier {

    private static final Logger LOG = LoggerFactory.getLogger(PageApplier.class);

    private final Database db;
    private final Clock clock;
    private final LeadPublisher publisher;
    private final ContactNormalizer normalizer;
    private final BuyerRepository buyers = new BuyerRepository();
    private final SourceLinkRepository links = new SourceLinkRepository();
    private final WatermarkRepository watermarks = new WatermarkRepository();
    private final DeadLetterRepository deadLetters = new DeadLetterRepository();
    private final AuditRepository audit = new AuditRepository();
    private final ActivityRepository activities = new ActivityRepository();
    private final ConsentRepository consents = new ConsentRepository();
    private final MatchReviewRepository reviews = new MatchReviewRepository();
    private final ContributionRepository contributions = new ContributionRepository();

    private final FuzzyResolver fuzzy;
    private final BuyerMerges merges;
    private final BuyerIds ids;

    /** @param fuzzy probabilistic matching for contacts no exact key resolves; null to match on exact keys only */
    public PageApplier(Database db, LeadPublisher publisher, FuzzyResolver fuzzy, ContactNormalizer normalizer,
                       Clock clock) {
        this.db = db;
        this.normalizer = normalizer;
        this.fuzzy = fuzzy;
        this.merges = new BuyerMerges(fuzzy);
        this.publisher = publisher;
        this.clock = clock;
        this.ids = new BuyerIds(clock);
    }

    /**
     * Applies the page in one go: look-ups read in bulk at the start, writes sent in batches, no savepoints. Should
     * the store refuse a value (SQLState class 22), that attempt is rolled back as a whole and the page applied again
     * record by record behind savepoints, so the bad record alone goes to dead letters.
     */
    public PageResult apply(SourcePage page) {
        try {
            return attempt(page, false);
        } catch (StoreException e) {
            if (!refusedValue(e.getCause())) {
                throw e;
            }
            LOG.info("source={} page holds a value the store refuses; applying it record by record", page.source());
            return attempt(page, true);
        }
    }

    private PageResult attempt(SourcePage page, boolean careful) {
        List<Runnable> undo = new ArrayList<>();
        try {
            return db.inTransaction(c -> applyPage(c, page, careful, undo));
        } catch (RuntimeException e) {
            // The index must not keep what the rolled-back transaction filed.
            rollBackIndex(undo, 0);
            throw e;
        }
    }

    private PageResult applyPage(Connection c, SourcePage page, boolean careful, List<Runnable> undo)
            throws SQLException {
        Instant now = clock.instant();
        Counts n = new Counts();
        for (SourcePage.UnreadableRecord u : page.unreadable()) {
            deadLetters.add(c, DeadLetterRepository.Kind.SOURCE_RECORD, page.source(), u.sourceId(), null, u.raw(),
                    "UNREADABLE", u.reason(), now);
            n.deadLettered++;
        }
        Map<SourceRecord, Object> normalized = new IdentityHashMap<>();
        List<NormalizedContact> contacts = new ArrayList<>();
        for (SourceRecord r : page.records()) {
            if (r instanceof SourceContact raw) {
                try {
                    NormalizedContact k = normalizer.normalize(raw);
                    normalized.put(r, k);
                    contacts.add(k);
                } catch (ContactNormalizer.RejectedContact e) {
                    normalized.put(r, e);
                }
            }
        }
        PageState state = new PageState(buyers, links, activities, contributions);
        if (careful) {
            // A key the store refuses even to compare must not fail the page: each record then looks up its own.
            Savepoint before = c.setSavepoint();
            try {
                state.preload(c, contacts);
            } catch (SQLException e) {
                if (!refusedValue(e)) {
                    throw e;
                }
                c.rollback(before);
                state.forget();
            }
        } else {
            state.preload(c, contacts);
        }
        for (SourceRecord r : page.records()) {
            Object k = normalized.get(r);
            if (careful) {
                applyGuarded(c, state, page.source(), r, k, now, n, undo);
            } else {
                Counts own = new Counts();
                applyRecord(c, state, page.source(), r, k, now, own, undo);
                n.add(own);
            }
        }
        for (String buyerId : n.touched) {
            try (RecordLog.Scope log = RecordLog.buyer(buyerId)) {
                LeadPublisher.Published p;
                if (state.isFresh(buyerId)) {
                    p = publisher.publishNew(state.batch, state.current(buyerId), now);
                } else {
                    state.flush(c);
                    p = publisher.publish(c, buyerId, now);
                }
                n.staged += p.transitions();
                n.queued += p.queued() ? 1 : 0;
                LOG.debug("source={} buyer changed: {} stage transitions, CRM write {}", page.source(),
                        p.transitions(), p.queued() ? "queued" : "not needed");
            }
        }
        state.flush(c);
        watermarks.advance(c, page.source(), page.nextCursor(), page.records().size() + page.unreadable().size(),
                now);
        return new PageResult(page.source(), page.records().size() + page.unreadable().size(), n.created,
                n.updated, n.merged, n.unchanged, n.deadLettered, n.queued, page.more());
    }

    /** True when the store refused a value (SQLState class 22), also when a batch reports it as its cause. */
    static boolean refusedValue(Throwable t) {
        for (Throwable e = t; e != null; e = e.getCause()) {
            if (e instanceof SQLException s) {
                for (SQLException x = s; x != null; x = x.getNextException()) {
                    if (x.getSQLState() != null && x.getSQLState().startsWith("22")) {
                        return true;
                    }
                }
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return false;
    }

    private void rollBackIndex(List<Runnable> undo, int from) {
        for (int i = undo.size() - 1; i >= from; i--) {
            undo.get(i).run();
        }
        undo.subList(from, undo.size()).clear();
    }

    /**
     * Applies one record behind a savepoint and writes it at once. A value the store refuses (SQLState class 22:
     * too long for its column, a character the database cannot hold) dead-letters that record alone, so one hostile
     * record never fails the page and with it every valid record beside it. Other errors (a lost connection, a
     * concurrent change) still fail the page, which is then retried as a whole.
     */
    private void applyGuarded(Connection c, PageState state, String source, SourceRecord r, Object normalized,
                              Instant now, Counts n, List<Runnable> undo) throws SQLException {
        Counts own = new Counts();
        int mark = undo.size();
        Savepoint before = c.setSavepoint();
        try {
            applyRecord(c, state, source, r, normalized, now, own, undo);
            state.flush(c);
        } catch (SQLException e) {
            if (!refusedValue(e)) {
                throw e;
            }
            c.rollback(before);
            state.forget();
            rollBackIndex(undo, mark);
            deadLetters.add(c, DeadLetterRepository.Kind.SOURCE_RECORD, source, r.sourceId(), null,
                    r.toString().replace('\u0000', ' '), "STORE_REFUSED_VALUE", e.getMessage(), now);
            n.deadLettered++;
            return;
        }
        n.add(own);
    }

    private void applyRecord(Connection c, PageState state, String source, SourceRecord r, Object normalized,
                             Instant now, Counts n, List<Runnable> undo) throws SQLException {
        if (r instanceof SourceContact contact) {
            if (normalized instanceof ContactNormalizer.RejectedContact e) {
                deadLetters.add(c, DeadLetterRepository.Kind.SOURCE_RECORD, source, contact.sourceId(), null,
                        contact.toString(), "INVALID_CONTACT", e.getMessage(), now);
                n.deadLettered++;
            } else {
                applyContact(c, state, source, (NormalizedContact) normalized, now, n, undo);
            }
            return;
        }
        // Activities, consent and source merges read and write the store directly: the state steps aside.
        state.flush(c);
        state.forget();
        if (r instanceof SourceActivity activity) {
            applyActivity(c, activity, now, n);
        } else if (r instanceof SourceConsent consent) {
            applyConsent(c, source, consent, now, n);
        } else if (r instanceof SourceMerge merge) {
            applyMerge(c, source, merge, now, n);
        } else if (r instanceof SourceDeletion gone) {
            applyDeletion(c, source, gone, now);
        }
    }

    private ExactKeyResolver.Resolution resolve(Connection c, PageState state, NormalizedContact contact)
            throws SQLException {
        // The order of ExactKeyResolver: the source identity link, then the normalized email.
        Optional<String> linked = state.linkedBuyer(c, contact.system(), contact.sourceId());
        if (linked.isPresent()) {
            Optional<BuyerRecord> b = state.buyer(c, linked.get());
            if (b.isPresent()) {
                return new ExactKeyResolver.Resolution(ExactKeyResolver.Key.SOURCE_LINK, b);
            }
        }
        if (contact.email() != null) {
            Optional<BuyerRecord> b = state.buyerByEmail(c, contact.email());
            if (b.isPresent()) {
                return new ExactKeyResolver.Resolution(ExactKeyResolver.Key.EMAIL, b);
            }
        }
        return new ExactKeyResolver.Resolution(ExactKeyResolver.Key.NONE, Optional.empty());
    }

    private void applyContact(Connection c, PageState state, String source, NormalizedContact contact, Instant now,
                              Counts n, List<Runnable> undo) throws SQLException {
        state.contribute(c, contact, now);
        ExactKeyResolver.Resolution found = resolve(c, state, contact);
        if (found.key() == ExactKeyResolver.Key.SOURCE_LINK) {
            found = mergeOnSharedEmail(c, state, source, contact, found, now, n);
        }
        BuyerRecord stored;
        BuyerRecord fresh = new BuyerRecord(ids.next(), null, null, null, null, null, null, null,
                null, null, now, now, 1).absorb(contact, now);
        Optional<MatchDecision> fuzzyMatch = found.buyer().isEmpty() && fuzzy != null
                ? fuzzy.best(fresh.id(), fresh) : Optional.empty();
        MatchDecision joinedBy = null;
        if (fuzzyMatch.isPresent() && FuzzyResolver.isMerge(fuzzyMatch.get())) {
            Optional<BuyerRecord> target = state.buyer(c, fuzzyMatch.get().candidateId());
            if (target.isPresent()) {
                found = new ExactKeyResolver.Resolution(ExactKeyResolver.Key.NONE, target);
                joinedBy = fuzzyMatch.get();
                n.merged++;
            }
            // Otherwise the candidate was filed by a transaction that rolled back: it does not exist, so the
            // contact becomes a new buyer; the stale index entry is harmless and is replaced if the id returns.
        }
        if (found.buyer().isEmpty()) {
            stored = fresh;
            state.created(stored);
            audit.record(state.batch, stored.id(), AuditRepository.Event.CREATED, source, "from " + contact.sourceId(),
                    now);
            if (fuzzyMatch.isPresent() && !FuzzyResolver.isMerge(fuzzyMatch.get())) {
                reviews.add(state.batch, stored.id(), fuzzyMatch.get().candidateId(), fuzzyMatch.get().weight(),
                        fuzzy.evidence(fuzzyMatch.get()), now);
            }
            n.created++;
            n.touched.add(stored.id());
            if (fuzzy != null) {
                fuzzy.file(stored);
                String id = stored.id();
                undo.add(() -> fuzzy.forget(id));
            }
        } else {
            BuyerRecord before = found.buyer().get();
            Instant newestOther = state.newestOtherModified(c, before.id(), contact.system(), contact.sourceId());
            // Most recent wins: a record older than what another source record of this buyer said only fills gaps,
            // so re-reading two sources of one buyer (overlap windows) cannot flip its values back and forth.
            BuyerRecord after = newestOther != null && contact.modifiedAt() != null
                    && contact.modifiedAt().isBefore(newestOther)
                    ? before.fillGaps(withoutForeignEmail(c, state, before, contact), now)
                    : absorbKeepingEmail(c, state, before, contact, now);
            if (joinedBy != null || found.key() == ExactKeyResolver.Key.EMAIL) {
                // The lineage holds what the contact brings (its waiting activities) and the buyer's consent; the
                // page writes neither through its batches, so the store (or what the page knows) answers without a
                // flush, and the merge's audit entry joins the batch behind the buyer's earlier ones.
                BuyerMerges.Join join = new BuyerMerges.Join(before, fresh, after, contact,
                        state.waitingActivities(c, contact.system(), contact.sourceId()),
                        state.consent(c, consents, before.id()));
                if (joinedBy != null) {
                    merges.recordJoin(c, state.batch, MergeEventRepository.Kind.PROBABILISTIC,
                            fuzzy.evidence(joinedBy), joinedBy.weight(), fuzzy.mergeThreshold(), join, source, now);
                } else {
                    merges.recordJoin(c, state.batch, MergeEventRepository.Kind.EMAIL,
                            merges.emailEvidence(contact.email(), before.email()), null, null, join, source, now);
                    n.merged++;
                }
            }
            if (after.sameValuesAs(before)) {
                // Re-read in the overlap window or unchanged at the source: nothing new for the CRM either.
                n.unchanged++;
                stored = before;
            } else {
                stored = after.withVersion(before.version() + 1);
                if (!state.updated(c, before, stored)) {
                    throw new SQLException("buyer " + before.id() + " changed concurrently; the page will be retried");
                }
                audit.record(state.batch, stored.id(), AuditRepository.Event.UPDATED, source,
                        "from " + contact.sourceId(), now);
                n.updated++;
                n.touched.add(stored.id());
                if (fuzzy != null) {
                    fuzzy.file(stored);
                    undo.add(() -> fuzzy.file(before));
                }
            }
            if (joinedBy != null || found.key() == ExactKeyResolver.Key.EMAIL) {
                // A join changes the buyer's sources even when its values stay: score and CRM follow.
                n.touched.add(stored.id());
            }
        }
        state.link(c, contact.system(), contact.sourceId(), stored.id(), contact.modifiedAt(), now);
        if (state.adopt(c, stored.id(), contact.system(), contact.sourceId()) > 0) {
            n.touched.add(stored.id());
        }
    }

    /**
     * Stores the activity against its buyer: by the source contact it names, else by a visitor already stitched.
     * An activity whose buyer is not known yet is kept unlinked and adopted when the contact or visitor identifies.
     */
    private void applyActivity(Connection c, SourceActivity a, Instant now, Counts n) throws SQLException {
        Optional<String> buyer = a.contactSourceId() == null ? Optional.empty()
                : links.buyerFor(c, a.system(), a.contactSourceId());
        if (buyer.isEmpty() && a.visitorId() != null) {
            buyer = links.buyerFor(c, "visitor", a.visitorId());
        }
        if (activities.insertIfNew(c, a, buyer.orElse(null), now) && buyer.isPresent()) {
            n.touched.add(buyer.get());
        }
        if (buyer.isPresent() && a.visitorId() != null) {
            // The visitor is now known: stitch it, and its earlier anonymous activities follow.
            links.link(c, "visitor", a.visitorId(), buyer.get(), a.occurredAt(), now);
            if (activities.adoptFor(c, buyer.get(), a.system(), null, a.visitorId()) > 0) {
                n.touched.add(buyer.get());
            }
        }
    }

    private void applyConsent(Connection c, String source, SourceConsent s, Instant now, Counts n)
            throws SQLException {
        Optional<String> buyer = links.buyerFor(c, s.system(), s.contactSourceId());
        if (buyer.isEmpty()) {
            deadLetters.add(c, DeadLetterRepository.Kind.SOURCE_RECORD, source, s.sourceId(), null, s.toString(),
                    "UNKNOWN_CONTACT", "consent change for contact " + s.contactSourceId()
                            + " that isthmus has not seen; it will apply once replayed after the contact", now);
            n.deadLettered++;
            return;
        }
        ConsentRepository.Consent before = consents.find(c, buyer.get());
        ConsentRepository.Consent after = switch (s.change()) {
            case UNSUBSCRIBED, OPTED_OUT -> new ConsentRepository.Consent(true, before.hardBounced());
            case OPTED_IN -> new ConsentRepository.Consent(false, before.hardBounced());
            case HARD_BOUNCED -> new ConsentRepository.Consent(before.unsubscribed(), true);
        };
        if (!after.equals(before)) {
            consents.save(c, buyer.get(), after, now);
            n.touched.add(buyer.get());
        }
    }

    /**
     * Follows a merge done at the source: the merged-away ids now lead to the survivor's buyer, so their late
     * activities land there. Merging the buyers themselves is identity resolution's decision, not this one's.
     */
    private void applyMerge(Connection c, String source, SourceMerge m, Instant now, Counts n) throws SQLException {
        Optional<String> survivor = links.buyerFor(c, m.system(), m.sourceId());
        if (survivor.isEmpty()) {
            deadLetters.add(c, DeadLetterRepository.Kind.SOURCE_RECORD, source, m.sourceId(), null, m.toString(),
                    "UNKNOWN_CONTACT", "merge into contact " + m.sourceId() + " that isthmus has not seen", now);
            n.deadLettered++;
            return;
        }
        for (String gone : m.mergedSourceIds()) {
            Optional<String> goneBuyer = links.buyerFor(c, m.system(), gone);
            if (goneBuyer.isPresent() && !goneBuyer.get().equals(survivor.get())) {
                if (merges.keptApart(c, survivor.get(), goneBuyer.get())) {
                    // A person undid this merge before: a re-read of the source's merge does not redo it.
                    continue;
                }
                Optional<BuyerRecord> into = buyers.findById(c, survivor.get());
                Optional<BuyerRecord> absorbed = buyers.findById(c, goneBuyer.get());
                if (into.isPresent() && absorbed.isPresent()) {
                    merges.mergeBuyers(c, into.get(), absorbed.get(), MergeEventRepository.Kind.SOURCE_MERGE,
                            "source-merge:" + m.system(), merges.sourceMergeEvidence(m.system(), m.sourceId(), gone),
                            source, BuyerMerges.AUTO, now);
                    n.merged++;
                    n.touched.add(survivor.get());
                }
            }
            links.link(c, m.system(), gone, survivor.get(), m.occurredAt(), now);
            audit.record(c, survivor.get(), AuditRepository.Event.MERGED, source,
                    gone + " merged into " + m.sourceId() + " at the source", now);
            if (activities.adoptFor(c, survivor.get(), m.system(), gone, null) > 0) {
                n.touched.add(survivor.get());
            }
        }
    }

    /**
     * Follows a contact the source no longer holds the way a source merge or a Marketo lead gone at the source is
     * followed: the buyer stays, with its other links, activities and history; only the gone id stops leading to it
     * (its links move on merges, it is unlinked here). A buyer is never deleted on a source's word, so one that still
     * has other sources' links keeps them all; one left with none is kept too and the audit says so.
     */
    private void applyDeletion(Connection c, String source, SourceDeletion d, Instant now) throws SQLException {
        Optional<String> buyer = links.buyerFor(c, d.system(), d.sourceId());
        if (buyer.isEmpty() || !links.unlink(c, d.system(), d.sourceId())) {
            return;
        }
        int left = links.forBuyer(c, buyer.get()).size();
        audit.record(c, buyer.get(), AuditRepository.Event.UNLINKED, source, d.system() + " " + d.sourceId()
                + " is gone at the source (deleted or merged away); " + (left == 0
                ? "no source holds this buyer any more: kept, erase it by hand if it should go"
                : left + " other source link(s) kept"), now);
    }

    /**
     * A linked contact now carries an email another buyer holds: the same normalized address is the same person, so
     * the contact's buyer is merged into the address's owner (with a merge event), unless a person undid a merge of
     * these two before.
     */
    private ExactKeyResolver.Resolution mergeOnSharedEmail(Connection c, PageState state, String source,
                                                          NormalizedContact contact,
                                                          ExactKeyResolver.Resolution found, Instant now, Counts n)
            throws SQLException {
        BuyerRecord linked = found.buyer().get();
        if (contact.email() == null || contact.email().equals(linked.email())) {
            return found;
        }
        Optional<BuyerRecord> owner = state.buyerByEmail(c, contact.email());
        if (owner.isEmpty() || owner.get().id().equals(linked.id())
                || merges.keptApart(c, owner.get().id(), linked.id())) {
            return found;
        }
        // Merging two stored buyers reads and rewrites both, their links and activities in the store directly:
        // the page's state writes what it holds and steps aside.
        state.flush(c);
        state.forget();
        BuyerRecord merged = merges.mergeBuyers(c, owner.get(), linked, MergeEventRepository.Kind.EMAIL, "email",
                merges.emailEvidence(contact.email(), owner.get().email()), source, BuyerMerges.AUTO, now);
        n.merged++;
        n.touched.add(merged.id());
        return new ExactKeyResolver.Resolution(ExactKeyResolver.Key.SOURCE_LINK, Optional.of(merged));
    }

    /** The contact without its email when that address already belongs to another buyer. */
    private NormalizedContact withoutForeignEmail(Connection c, PageState state, BuyerRecord b,
                                                  NormalizedContact contact) throws SQLException {
        if (contact.email() == null || contact.email().equals(b.email())
                || state.buyerByEmail(c, contact.email()).isEmpty()) {
            return contact;
        }
        return new NormalizedContact(contact.system(), contact.sourceId(), contact.modifiedAt(), null, null,
                contact.firstName(), contact.lastName(), contact.company(), contact.phone(), contact.jobTitle(),
                contact.country(), contact.website());
    }

    /**
     * Lays the contact over the buyer, except an email already owned by another buyer: that is a probable duplicate
     * for the identity matcher to decide, so the buyer keeps its address and the collision is recorded.
     */
    private BuyerRecord absorbKeepingEmail(Connection c, PageState state, BuyerRecord before,
                                           NormalizedContact contact, Instant now) throws SQLException {
        if (contact.email() != null && !contact.email().equals(before.email())
                && state.buyerByEmail(c, contact.email()).isPresent()) {
            audit.record(state.batch, before.id(), AuditRepository.Event.LINKED, contact.system(),
                    "email " + contact.email() + " of " + contact.sourceId() + " belongs to another buyer; kept "
                            + before.email(), now);
            NormalizedContact withoutEmail = new NormalizedContact(contact.system(), contact.sourceId(),
                    contact.modifiedAt(), null, null, contact.firstName(), contact.lastName(), contact.company(),
                    contact.phone(), contact.jobTitle(), contact.country(), contact.website());
            return before.absorb(withoutEmail, now);
        }
        return before.absorb(contact, now);
    }

    private static final class Counts {
        final Set<String> touched = new LinkedHashSet<>();
        int created;
        int updated;
        int merged;
        int unchanged;
        int deadLettered;
        int queued;
        int staged;

        void add(Counts o) {
            touched.addAll(o.touched);
            created += o.created;
            updated += o.updated;
            merged += o.merged;
            unchanged += o.unchanged;
            deadLettered += o.deadLettered;
        }
    }
}
