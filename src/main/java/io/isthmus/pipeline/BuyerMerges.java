package io.isthmus.pipeline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.buyer.BuyerRecord;
import io.isthmus.buyer.NormalizedContact;
import io.isthmus.store.ActivityRepository;
import io.isthmus.store.ActivityRepository.ActivityRef;
import io.isthmus.store.AuditRepository;
import io.isthmus.store.Batch;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.ConsentRepository;
import io.isthmus.store.ConsentRepository.Consent;
import io.isthmus.store.MergeEventRepository;
import io.isthmus.store.MergeEventRepository.Kind;
import io.isthmus.store.SourceLinkRepository;
import io.isthmus.store.SourceLinkRepository.Link;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Merges buyers in the store, in the caller's transaction. Every merge is stored as a {@code merge_event} with its
 * evidence and a {@link MergeLineage} of what each side held, so that {@link BuyerUnmerges} can give both buyers back.
 * A pair of buyers a person has unmerged is never merged again automatically ({@link #keptApart}).
 */
public final class BuyerMerges {

    static final String AUTO = "auto";

    private final FuzzyResolver fuzzy;
    private final BuyerRepository buyers = new BuyerRepository();
    private final SourceLinkRepository links = new SourceLinkRepository();
    private final ActivityRepository activities = new ActivityRepository();
    private final ConsentRepository consents = new ConsentRepository();
    private final MergeEventRepository events = new MergeEventRepository();
    private final AuditRepository audit = new AuditRepository();
    private final ObjectMapper json = new ObjectMapper();

    /** @param fuzzy the in-memory matching index to keep current; null where there is none (exact keys only) */
    public BuyerMerges(FuzzyResolver fuzzy) {
        this.fuzzy = fuzzy;
    }

    /** True when a person undid a merge of these two buyers: they stay apart. */
    public boolean keptApart(Connection c, String a, String b) throws SQLException {
        return events.undoneBetween(c, a, b);
    }

    /**
     * A source contact that joined an existing buyer instead of becoming {@code wouldBe}, with what the lineage keeps
     * of it: the activities waiting for it ({@code brought}) and the buyer's consent before the join.
     */
    public record Join(BuyerRecord before, BuyerRecord wouldBe, BuyerRecord after, NormalizedContact contact,
                       List<ActivityRef> brought, Consent consentBefore) {
    }

    /**
     * Records that a source contact joined an existing buyer (by email or by the matcher) instead of becoming
     * {@code join.wouldBe()}. The caller has stored (or queued) {@code join.after()}; the contact's link is the
     * absorbed side. The merge event is written at once (its id names it in the audit); the audit entry is queued on
     * {@code audits}, behind the buyer's earlier entries of the page.
     */
    public long recordJoin(Connection c, Batch audits, Kind kind, String evidence, Double weight, Double threshold,
                           Join join, String source, Instant now) throws SQLException {
        NormalizedContact contact = join.contact();
        MergeLineage lineage = new MergeLineage(join.before(), join.wouldBe(), false,
                List.of(new Link(contact.system(), contact.sourceId(), contact.modifiedAt(), now)), join.brought(),
                MergeLineage.fieldSources(join.before(), join.wouldBe(), join.after()), join.consentBefore(),
                Consent.NONE);
        String rule = kind == Kind.EMAIL ? "email" : ruleOf(evidence);
        long id = events.insert(c, kind, rule, join.before().id(), join.wouldBe().id(), weight, threshold, evidence,
                lineage.toJson(), source, AUTO, now);
        audit.record(audits, join.before().id(), AuditRepository.Event.MERGED, source, contact.sourceId()
                + " joined by " + (kind == Kind.EMAIL ? "email " + contact.email() : "probabilistic match " + evidence)
                + " (merge " + id + ")", now);
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

    /** The evidence of a merge on a shared email, in the same shape as the matcher's. */
    public String emailEvidence(String email, String survivorEmail) {
        // Streamed: the same text a tree of these nodes prints, without building the tree (one per email join).
        StringWriter out = new StringWriter(160);
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("rule", "email");
            g.writeStringField("outcome", "MERGE");
            g.writeArrayFieldStart("fields");
            g.writeStartObject();
            g.writeStringField("field", "email");
            g.writeStringField("left", email);
            g.writeStringField("right", survivorEmail);
            g.writeStringField("level", "exact");
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string cannot fail", e);
        }
        return out.toString();
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

    private String ruleOf(String evidence) {
        try {
            return json.readTree(evidence).path("rule").asText("probabilistic");
        } catch (java.io.IOException e) {
            return "probabilistic";
        }
    }
}
