package io.isthmus.pipeline;

import io.isthmus.buyer.BuyerRecord;
import io.isthmus.buyer.NormalizedContact;
import io.isthmus.store.ActivityRepository;
import io.isthmus.store.ActivityRepository.ActivityRef;
import io.isthmus.store.AuditRepository;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.ConsentRepository;
import io.isthmus.store.ConsentRepository.Consent;
import io.isthmus.store.ContributionRepository;
import io.isthmus.store.MergeEventRepository;
import io.isthmus.store.MergeEventRepository.MergeEventRow;
import io.isthmus.store.SourceLinkRepository;
import io.isthmus.store.SourceLinkRepository.Link;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Undoes a merge {@link BuyerMerges} stored, in the caller's transaction: from the merge's {@link MergeLineage} both
 * buyers come back with their links, activities, field values and consent; values that arrived after the merge go to
 * the side whose source record sent them.
 *
 * <p>Undoing is last-in-first-out per surviving buyer: a merge cannot be undone while a later merge into the same
 * buyer (or of that buyer into another) is in effect, because its "before" picture would no longer hold. The refusal
 * names the merges to undo first. Once undone, the pair is never merged again automatically
 * ({@link BuyerMerges#keptApart}).
 */
public final class BuyerUnmerges {

    /** Why an unmerge was refused; the message says what to do. */
    public static final class Refused extends RuntimeException {

        /** The kind of refusal, for the HTTP status and the exit code. */
        public enum Reason { NOT_FOUND, ALREADY_UNDONE, BLOCKED }

        private final Reason reason;

        Refused(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    /** What an unmerge did: both buyers' ids and how many links and activities went back. */
    public record Unmerged(long mergeId, String survivorId, String restoredId, int links, int activities,
                           String note) {
    }

    private final FuzzyResolver fuzzy;
    private final BuyerRepository buyers = new BuyerRepository();
    private final SourceLinkRepository links = new SourceLinkRepository();
    private final ActivityRepository activities = new ActivityRepository();
    private final ConsentRepository consents = new ConsentRepository();
    private final ContributionRepository contributions = new ContributionRepository();
    private final MergeEventRepository events = new MergeEventRepository();
    private final AuditRepository audit = new AuditRepository();

    /** @param fuzzy the in-memory matching index to keep current; null where there is none (the CLI) */
    public BuyerUnmerges(FuzzyResolver fuzzy) {
        this.fuzzy = fuzzy;
    }

    /**
     * Undoes merge {@code mergeId}: the absorbed buyer is stored again under its old id with its links, activities
     * and consent, and the survivor gets back its own values. Source values stored after the merge are laid over the
     * side their source record belongs to. The caller re-publishes both buyers (score, stage, CRM) in the same
     * transaction.
     *
     * @throws Refused when there is no such merge, it was undone already, or later merges must be undone first
     */
    public Unmerged unmerge(Connection c, long mergeId, String actor, String reason, Instant now)
            throws SQLException {
        MergeEventRow ev = events.find(c, mergeId).orElseThrow(() -> new Refused(Refused.Reason.NOT_FOUND,
                "no merge with id " + mergeId + " (see: isthmus merges list)"));
        if (!ev.inEffect()) {
            throw new Refused(Refused.Reason.ALREADY_UNDONE, "merge " + mergeId + " was undone already, at "
                    + ev.undoneAt() + " by " + ev.undoneBy());
        }
        Optional<BuyerRecord> current = buyers.findById(c, ev.survivorId());
        if (current.isEmpty()) {
            String later = events.absorbing(c, ev.survivorId()).map(e -> "merge " + e.id() + " merged it into buyer "
                    + e.survivorId() + "; undo merge " + e.id() + " first").orElse("it no longer exists");
            throw new Refused(Refused.Reason.BLOCKED, "buyer " + ev.survivorId() + " of merge " + mergeId + ": "
                    + later);
        }
        List<MergeEventRow> later = events.laterInto(c, ev.survivorId(), mergeId);
        if (!later.isEmpty()) {
            throw new Refused(Refused.Reason.BLOCKED, "buyer " + ev.survivorId() + " absorbed more since merge "
                    + mergeId + "; undo, newest first, merge(s) " + String.join(", ",
                    later.stream().map(e -> Long.toString(e.id())).toList()) + " first");
        }
        if (buyers.findById(c, ev.absorbedId()).isPresent()) {
            throw new Refused(Refused.Reason.BLOCKED, "buyer " + ev.absorbedId() + " of merge " + mergeId
                    + " exists again; nothing to restore");
        }
        MergeLineage lineage = MergeLineage.fromJson(ev.contributions());
        BuyerRecord survivor = current.get();
        String restoredId = ev.absorbedId();

        Set<String> absorbedKeys = new HashSet<>();
        lineage.absorbedLinks().forEach(l -> absorbedKeys.add(l.key()));
        List<Link> stayLinks = new ArrayList<>();
        List<Link> backLinks = new ArrayList<>();
        for (Link l : links.forBuyer(c, survivor.id())) {
            (absorbedKeys.contains(l.key()) ? backLinks : stayLinks).add(l);
        }

        BuyerRecord survivorAfter = laterValues(c, lineage.survivorBefore(), stayLinks, ev.mergedAt(), now)
                .withVersion(survivor.version() + 1);
        String note = null;
        if (survivorAfter.email() != null && !survivorAfter.email().equals(survivor.email())
                && buyers.findByEmail(c, survivorAfter.email()).filter(b -> !b.id().equals(survivor.id())).isPresent()) {
            survivorAfter = withEmail(survivorAfter, survivor.email(), survivor.emailOriginal());
        }
        BuyerRecord restored = laterValues(c, lineage.absorbedBefore(), backLinks, ev.mergedAt(), now);
        if (restored.email() != null && restored.email().equals(survivorAfter.email())) {
            // One buyer per address: the contact joined by this very email, so the survivor keeps it.
            note = "email " + restored.email() + " stays with buyer " + survivor.id() + " (one buyer per address)";
            restored = withEmail(restored, null, null);
        }
        restored = new BuyerRecord(restoredId, restored.email(), restored.emailOriginal(), restored.firstName(),
                restored.lastName(), restored.company(), restored.phone(), restored.jobTitle(), restored.country(),
                restored.website(), lineage.absorbedBefore().createdAt(), now, lineage.absorbedBefore().version() + 1);

        if (!buyers.update(c, survivorAfter)) {
            throw new SQLException("buyer " + survivor.id() + " changed concurrently; try the unmerge again");
        }
        if (restored.email() != null && buyers.findByEmail(c, restored.email()).isPresent()) {
            note = "email " + restored.email() + " belongs to another buyer now";
            restored = withEmail(restored, null, null);
        }
        buyers.insert(c, restored);
        for (Link l : backLinks) {
            links.move(c, l.system(), l.sourceId(), survivor.id(), restoredId);
        }
        int acts = 0;
        Set<String> broughtActs = new HashSet<>();
        lineage.absorbedActivities().forEach(a -> broughtActs.add(a.key()));
        for (ActivityRef a : activities.refsForBuyer(c, survivor.id())) {
            boolean back = broughtActs.contains(a.key())
                    || (a.contactRef() != null && absorbedKeys.contains(a.system() + ":" + a.contactRef()))
                    || (a.visitorId() != null && absorbedKeys.contains("visitor:" + a.visitorId()));
            if (back && activities.move(c, a, survivor.id(), restoredId)) {
                acts++;
            }
        }
        restoreConsent(c, lineage, survivor.id(), restoredId, now);
        if (!events.markUndone(c, mergeId, actor, reason, now)) {
            throw new Refused(Refused.Reason.ALREADY_UNDONE, "merge " + mergeId + " was undone meanwhile");
        }
        String why = reason == null || reason.isBlank() ? "" : " (" + reason + ")";
        audit.record(c, survivor.id(), AuditRepository.Event.UNMERGED, actor, "merge " + mergeId + " undone: buyer "
                + restoredId + " restored" + why + (note == null ? "" : "; " + note), now);
        audit.record(c, restoredId, AuditRepository.Event.UNMERGED, actor, "merge " + mergeId
                + " undone: restored from buyer " + survivor.id() + why, now);
        return new Unmerged(mergeId, survivor.id(), restoredId, backLinks.size(), acts, note);
    }

    /** Re-files both buyers of an unmerge in the matching index, after the transaction committed. */
    public void refile(Connection c, Unmerged u) throws SQLException {
        if (fuzzy == null) {
            return;
        }
        Optional<BuyerRecord> s = buyers.findById(c, u.survivorId());
        Optional<BuyerRecord> r = buyers.findById(c, u.restoredId());
        s.ifPresent(fuzzy::file);
        r.ifPresent(fuzzy::file);
    }

    /** Each side's snapshot with what its own source records sent after the merge laid over it, oldest first. */
    private BuyerRecord laterValues(Connection c, BuyerRecord before, List<Link> own, Instant mergedAt, Instant now)
            throws SQLException {
        List<NormalizedContact> later = new ArrayList<>();
        for (Link l : own) {
            contributions.find(c, l.system(), l.sourceId()).filter(s -> s.storedAt().isAfter(mergedAt))
                    .ifPresent(s -> later.add(s.contact()));
        }
        later.sort(Comparator.comparing(NormalizedContact::modifiedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        BuyerRecord b = before;
        for (NormalizedContact k : later) {
            b = b.absorb(k, now);
        }
        return new BuyerRecord(b.id(), b.email(), b.emailOriginal(), b.firstName(), b.lastName(), b.company(),
                b.phone(), b.jobTitle(), b.country(), b.website(), b.createdAt(), now, b.version());
    }

    /**
     * Each side gets its consent back; when the survivor's consent changed after the merge (an unsubscribe or a
     * bounce reported since), both sides keep the stricter flags, because the report cannot be attributed to a side.
     */
    private void restoreConsent(Connection c, MergeLineage lineage, String survivorId, String restoredId, Instant now)
            throws SQLException {
        Consent s = orNone(lineage.survivorConsent());
        Consent a = orNone(lineage.absorbedConsent());
        Consent merged = new Consent(s.unsubscribed() || a.unsubscribed(), s.hardBounced() || a.hardBounced());
        Consent current = consents.find(c, survivorId);
        if (!current.equals(merged)) {
            s = or(s, current);
            a = or(a, current);
        }
        if (s.equals(Consent.NONE)) {
            consents.clear(c, survivorId);
        } else if (!current.equals(s)) {
            consents.save(c, survivorId, s, now);
        }
        if (!a.equals(Consent.NONE)) {
            consents.save(c, restoredId, a, now);
        }
    }

    private static BuyerRecord withEmail(BuyerRecord b, String email, String original) {
        return new BuyerRecord(b.id(), email, original, b.firstName(), b.lastName(), b.company(), b.phone(),
                b.jobTitle(), b.country(), b.website(), b.createdAt(), b.updatedAt(), b.version());
    }

    private static Consent orNone(Consent c) {
        return c == null ? Consent.NONE : c;
    }

    private static Consent or(Consent a, Consent b) {
        return new Consent(a.unsubscribed() || b.unsubscribed(), a.hardBounced() || b.hardBounced());
    }
}
