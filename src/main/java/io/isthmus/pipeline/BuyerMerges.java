package io.isthmus.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.isthmus.store.MergeEventRepository.Kind;
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
 * Merges and unmerges buyers in the store, in the caller's transaction. Every merge is stored as a
 * {@code merge_event} with its evidence and a {@link MergeLineage} of what each side held, so that
 * {@link #unmerge} gives both buyers back with their links, activities, field values and consent; values that
 * arrived after the merge go to the side whose source record sent them.
 *
 * <p>Undoing is last-in-first-out per surviving buyer: a merge cannot be undone while a later merge into the same
 * buyer (or of that buyer into another) is in effect, because its "before" picture would no longer hold. The refusal
 * names the merges to undo first. A pair of buyers a person has unmerged is never merged again automatically.
 */
public final class BuyerMerges {

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

    static final String AUTO = "auto";

    private final FuzzyResolver fuzzy;
    private final BuyerRepository buyers = new BuyerRepository();
    private final SourceLinkRepository links = new SourceLinkRepository();
    private final ActivityRepository activities = new ActivityRepository();
    private final ConsentRepository consents = new ConsentRepository();
    private final ContributionRepository contributions = new ContributionRepository();
    private final MergeEventRepository events = new MergeEventRepository();
    private final AuditRepository audit = new AuditRepository();
    private final ObjectMapper json = new ObjectMapper();

    /** @param fuzzy the in-memory matching index to keep current; null where there is none (the CLI) */
    public BuyerMerges(FuzzyResolver fuzzy) {
        this.fuzzy = fuzzy;
    }

    /** True when a person undid a merge of these two buyers: they stay apart. */
    public boolean keptApart(Connection c, String a, String b) throws SQLException {
        return events.undoneBetween(c, a, b);
    }

    /**
     * Records that a source contact joined an existing buyer (by email or by the matcher) instead of becoming
     * {@code wouldBe}. The caller has stored {@code after}; the contact's link is the absorbed side.
     */
    public long recordJoin(Connection c, Kind kind, String evidence, Double weight, Double threshold,
                           BuyerRecord before, BuyerRecord wouldBe, BuyerRecord after, NormalizedContact contact,
                           String source, Instant now) throws SQLException {
        List<ActivityRef> brought = activities.unlinkedFor(c, contact.system(), contact.sourceId());
        MergeLineage lineage = new MergeLineage(before, wouldBe, false,
                List.of(new Link(contact.system(), contact.sourceId(), contact.modifiedAt(), now)), brought,
                MergeLineage.fieldSources(before, wouldBe, after), consents.find(c, before.id()), Consent.NONE);
        String rule = kind == Kind.EMAIL ? "email" : ruleOf(evidence);
        long id = events.insert(c, kind, rule, before.id(), wouldBe.id(), weight, threshold, evidence,
                lineage.toJson(), source, AUTO, now);
        audit.record(c, before.id(), AuditRepository.Event.MERGED, source, contact.sourceId() + " joined by "
                + (kind == Kind.EMAIL ? "email " + contact.email() : "probabilistic match " + evidence) + " (merge "
                + id + ")", now);
        return id;
    }

    /**
     * Merges two stored buyers: the absorbed one's links, activities (with their touches) and consent move to the
     * survivor, the more recently updated side wins each field it has a value for (the survivor keeps its email), and
     * the absorbed buyer row is deleted; its score and stage history stay under its id for an unmerge.
     *
     * @return the merged survivor, stored
     */
    public BuyerRecord mergeBuyers(Connection c, BuyerRecord survivor, BuyerRecord absorbed, Kind kind, String rule,
                                   String evidence, String source, String actor, Instant now) throws SQLException {
        List<Link> moved = links.forBuyer(c, absorbed.id());
        List<ActivityRef> acts = activities.refsForBuyer(c, absorbed.id());
        Consent sc = consents.find(c, survivor.id());
        Consent ac = consents.find(c, absorbed.id());
        BuyerRecord merged = combine(survivor, absorbed, now).withVersion(survivor.version() + 1);
        MergeLineage lineage = new MergeLineage(survivor, absorbed, true, moved, acts,
                MergeLineage.fieldSources(survivor, absorbed, merged), sc, ac);
        long id = events.insert(c, kind, rule, survivor.id(), absorbed.id(), null, null, evidence, lineage.toJson(),
                source, actor, now);
        for (Link l : moved) {
            links.move(c, l.system(), l.sourceId(), absorbed.id(), survivor.id());
        }
        for (ActivityRef a : acts) {
            activities.move(c, a, absorbed.id(), survivor.id());
        }
        Consent both = new Consent(sc.unsubscribed() || ac.unsubscribed(), sc.hardBounced() || ac.hardBounced());
        if (!both.equals(sc)) {
            consents.save(c, survivor.id(), both, now);
        }
        consents.clear(c, absorbed.id());
        // Deleted before the survivor is written: the survivor may take over the absorbed buyer's email.
        buyers.delete(c, absorbed.id());
        if (!buyers.update(c, merged)) {
            throw new SQLException("buyer " + survivor.id() + " changed concurrently; the page will be retried");
        }
        audit.record(c, survivor.id(), AuditRepository.Event.MERGED, source, "merge " + id + ": buyer "
                + absorbed.id() + " absorbed by " + rule + " " + evidence, now);
        audit.record(c, absorbed.id(), AuditRepository.Event.MERGED, source, "merge " + id + ": merged into buyer "
                + survivor.id(), now);
        if (fuzzy != null) {
            fuzzy.remove(absorbed.id());
            fuzzy.file(merged);
        }
        return merged;
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

    /** The evidence of a merge on a shared email, in the same shape as the matcher's. */
    public String emailEvidence(String email, String survivorEmail) {
        ObjectNode o = json.createObjectNode();
        o.put("rule", "email");
        o.put("outcome", "MERGE");
        ArrayNode fields = o.putArray("fields");
        ObjectNode f = fields.addObject();
        f.put("field", "email");
        f.put("left", email);
        f.put("right", survivorEmail);
        f.put("level", "exact");
        return o.toString();
    }

    /** The evidence of a merge the source system made. */
    public String sourceMergeEvidence(String system, String intoSourceId, String mergedSourceId) {
        ObjectNode o = json.createObjectNode();
        o.put("rule", "source-merge:" + system);
        o.put("outcome", "MERGE");
        o.put("system", system);
        o.put("survivorSourceId", intoSourceId);
        o.put("mergedSourceId", mergedSourceId);
        return o.toString();
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

    /** Two stored buyers as one: the more recently updated side wins each field it has; the survivor keeps its email. */
    static BuyerRecord combine(BuyerRecord survivor, BuyerRecord absorbed, Instant now) {
        boolean keepEmail = survivor.email() != null;
        NormalizedContact other = new NormalizedContact("buyer", absorbed.id(), absorbed.updatedAt(),
                keepEmail ? null : absorbed.email(), keepEmail ? null : absorbed.emailOriginal(),
                absorbed.firstName(), absorbed.lastName(), absorbed.company(), absorbed.phone(), absorbed.jobTitle(),
                absorbed.country(), absorbed.website());
        return absorbed.updatedAt().isAfter(survivor.updatedAt()) ? survivor.absorb(other, now)
                : survivor.fillGaps(other, now);
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

    private String ruleOf(String evidence) {
        try {
            return json.readTree(evidence).path("rule").asText("probabilistic");
        } catch (java.io.IOException e) {
            return "probabilistic";
        }
    }
}
