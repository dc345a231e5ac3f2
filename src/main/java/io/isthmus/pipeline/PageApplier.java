package io.isthmus.pipeline;

import io.isthmus.buyer.BuyerRecord;
import io.isthmus.buyer.ContactNormalizer;
import io.isthmus.buyer.NormalizedContact;
import io.isthmus.crm.SalesforceLeadMapper;
import io.isthmus.identity.ExactKeyResolver;
import io.isthmus.store.AuditRepository;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.Database;
import io.isthmus.store.DeadLetterRepository;
import io.isthmus.store.OutboxRepository;
import io.isthmus.store.SourceLinkRepository;
import io.isthmus.store.WatermarkRepository;
import io.isthmus.source.SourceContact;
import io.isthmus.source.SourceRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Applies one source page in one transaction: every record is normalized, resolved to a buyer, merged into it, and
 * the resulting CRM commands are queued; bad records go to dead letters; the source cursor moves last. Either all of
 * it is stored or none of it, so a page is never applied twice nor skipped.
 */
public final class PageApplier {

    static final String LEAD = "Lead";

    private final Database db;
    private final Clock clock;
    private final ContactNormalizer normalizer = new ContactNormalizer();
    private final BuyerRepository buyers = new BuyerRepository();
    private final SourceLinkRepository links = new SourceLinkRepository();
    private final WatermarkRepository watermarks = new WatermarkRepository();
    private final DeadLetterRepository deadLetters = new DeadLetterRepository();
    private final AuditRepository audit = new AuditRepository();
    private final OutboxRepository outbox;
    private final ExactKeyResolver resolver = new ExactKeyResolver(buyers, links);
    private final SalesforceLeadMapper leadMapper = new SalesforceLeadMapper();

    public PageApplier(Database db, OutboxRepository outbox, Clock clock) {
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
    }

    public PageResult apply(SourcePage page) {
        return db.inTransaction(c -> {
            Instant now = clock.instant();
            Counts n = new Counts();
            for (SourcePage.UnreadableRecord u : page.unreadable()) {
                deadLetters.add(c, DeadLetterRepository.Kind.SOURCE_RECORD, page.source(), u.sourceId(), null, u.raw(),
                        "UNREADABLE", u.reason(), now);
                n.deadLettered++;
            }
            for (SourceRecord r : page.records()) {
                if (r instanceof SourceContact contact) {
                    applyContact(c, page.source(), contact, now, n);
                }
            }
            watermarks.advance(c, page.source(), page.nextCursor(), page.records().size() + page.unreadable().size(),
                    now);
            return new PageResult(page.source(), page.records().size() + page.unreadable().size(), n.created,
                    n.updated, n.merged, n.unchanged, n.deadLettered, n.queued, page.more());
        });
    }

    private void applyContact(Connection c, String source, SourceContact raw, Instant now, Counts n)
            throws SQLException {
        NormalizedContact contact;
        try {
            contact = normalizer.normalize(raw);
        } catch (ContactNormalizer.RejectedContact e) {
            deadLetters.add(c, DeadLetterRepository.Kind.SOURCE_RECORD, source, raw.sourceId(), null, raw.toString(),
                    "INVALID_CONTACT", e.getMessage(), now);
            n.deadLettered++;
            return;
        }
        ExactKeyResolver.Resolution found = resolver.resolve(c, contact);
        BuyerRecord stored;
        if (found.buyer().isEmpty()) {
            stored = new BuyerRecord(UUID.randomUUID().toString(), null, null, null, null, null, null, null, null,
                    null, now, now, 1).absorb(contact, now);
            buyers.insert(c, stored);
            audit.record(c, stored.id(), AuditRepository.Event.CREATED, source, "from " + contact.sourceId(), now);
            n.created++;
        } else {
            BuyerRecord before = found.buyer().get();
            BuyerRecord after = absorbKeepingEmail(c, before, contact, now);
            if (found.key() == ExactKeyResolver.Key.EMAIL) {
                audit.record(c, before.id(), AuditRepository.Event.MERGED, source,
                        contact.sourceId() + " joined by email " + contact.email(), now);
                n.merged++;
            }
            if (after.sameValuesAs(before)) {
                // Re-read in the overlap window or unchanged at the source: nothing new for the CRM either.
                n.unchanged++;
                links.link(c, contact.system(), contact.sourceId(), before.id(), contact.modifiedAt(), now);
                return;
            } else {
                stored = after.withVersion(before.version() + 1);
                if (!buyers.update(c, stored)) {
                    throw new SQLException("buyer " + before.id() + " changed concurrently; the page will be retried");
                }
                audit.record(c, stored.id(), AuditRepository.Event.UPDATED, source, "from " + contact.sourceId(), now);
                n.updated++;
            }
        }
        links.link(c, contact.system(), contact.sourceId(), stored.id(), contact.modifiedAt(), now);
        if (outbox.enqueue(c, stored.id(), LEAD, stored.id(), leadMapper.payload(stored), now)
                != OutboxRepository.Enqueued.UNCHANGED) {
            n.queued++;
        }
    }

    /**
     * Lays the contact over the buyer, except an email already owned by another buyer: that is a probable duplicate
     * for the identity matcher to decide, so the buyer keeps its address and the collision is recorded.
     */
    private BuyerRecord absorbKeepingEmail(Connection c, BuyerRecord before, NormalizedContact contact, Instant now)
            throws SQLException {
        if (contact.email() != null && !contact.email().equals(before.email())
                && buyers.findByEmail(c, contact.email()).isPresent()) {
            audit.record(c, before.id(), AuditRepository.Event.LINKED, contact.system(), "email " + contact.email()
                    + " of " + contact.sourceId() + " belongs to another buyer; kept " + before.email(), now);
            NormalizedContact withoutEmail = new NormalizedContact(contact.system(), contact.sourceId(),
                    contact.modifiedAt(), null, null, contact.firstName(), contact.lastName(), contact.company(),
                    contact.phone(), contact.jobTitle(), contact.country(), contact.website());
            return before.absorb(withoutEmail, now);
        }
        return before.absorb(contact, now);
    }

    private static final class Counts {
        int created;
        int updated;
        int merged;
        int unchanged;
        int deadLettered;
        int queued;
    }
}
