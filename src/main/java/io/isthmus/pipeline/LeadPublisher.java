package io.isthmus.pipeline;

import io.isthmus.buyer.BuyerRecord;
import io.isthmus.crm.SalesforceLeadMapper;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.CrmLinkRepository;
import io.isthmus.store.OutboxRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-evaluates a buyer (score, stage, attribution touches) and queues what the CRM should now hold, in the caller's transaction.
 * Shared by every path that changes a buyer: source pages and CRM read-back.
 */
public final class LeadPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(LeadPublisher.class);
    static final String LEAD = "Lead";

    private final BuyerEvaluator evaluator;
    private final TouchRecorder touches;
    private final OutboxRepository outbox;
    private final BuyerRepository buyers = new BuyerRepository();
    private final CrmLinkRepository crmLinks = new CrmLinkRepository();
    private final SalesforceLeadMapper leadMapper = new SalesforceLeadMapper();

    public LeadPublisher(BuyerEvaluator evaluator, TouchRecorder touches, OutboxRepository outbox) {
        this.evaluator = evaluator;
        this.touches = touches;
        this.outbox = outbox;
    }

    /** What publishing did: stage transitions made and whether a CRM write was queued. */
    public record Published(int transitions, boolean queued) {
    }

    public Published publish(Connection c, String buyerId, Instant now) throws SQLException {
        BuyerRecord b = buyers.findById(c, buyerId).orElseThrow(() ->
                new SQLException("buyer " + buyerId + " vanished inside its own transaction"));
        BuyerEvaluator.Evaluation e = evaluator.evaluate(c, b);
        touches.record(c, buyerId, e.history());
        if (crmLinks.find(c, buyerId).map(CrmLinkRepository.CrmLink::converted).orElse(false)) {
            // A converted Lead cannot be updated; writes to its Contact are not built yet (see docs/notes).
            LOG.debug("buyer={} is converted in the CRM; Lead write skipped", buyerId);
            return new Published(e.moved().size(), false);
        }
        boolean queued = outbox.enqueue(c, b.id(), LEAD, b.id(), leadMapper.payload(b, e.crmFields()), now)
                != OutboxRepository.Enqueued.UNCHANGED;
        return new Published(e.moved().size(), queued);
    }
}
