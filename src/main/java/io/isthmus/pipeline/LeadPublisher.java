package io.isthmus.pipeline;

import io.isthmus.buyer.BuyerRecord;
import io.isthmus.crm.BuyerCrmRecords;
import io.isthmus.crm.CrmCommand;
import io.isthmus.crm.SalesforceLeadMapper;
import io.isthmus.identity.AccountAssignment;
import io.isthmus.lifecycle.Stage;
import io.isthmus.lifecycle.StageHistory;
import io.isthmus.lifecycle.StageTransition;
import io.isthmus.store.ActivityRepository;
import io.isthmus.store.Batch;
import io.isthmus.store.BuyerRepository;
import io.isthmus.store.CrmLinkRepository;
import io.isthmus.store.OutboxRepository;
import io.isthmus.store.TouchRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-evaluates a buyer (score, stage, attribution touches) and queues what the CRM should now hold, in the caller's
 * transaction: its Lead, or once sales converted the Lead the Contact it became, and the records its activities and
 * touches give (Task digests, CampaignMembers, touchpoints). Shared by every path that changes a buyer: source pages
 * and CRM read-back.
 */
public final class LeadPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(LeadPublisher.class);
    static final String LEAD = "Lead";
    static final String CONTACT = "Contact";

    private final BuyerEvaluator evaluator;
    private final TouchRecorder touches;
    private final OutboxRepository outbox;
    private final BuyerRepository buyers = new BuyerRepository();
    private final CrmLinkRepository crmLinks = new CrmLinkRepository();
    private final SalesforceLeadMapper leadMapper;
    private final ObjectMapper json = new ObjectMapper();
    private final BuyerCrmRecords records;
    private final ActivityRepository activities = new ActivityRepository();
    private final TouchRepository touchRepository = new TouchRepository();
    private AccountAssigner accounts;

    /** Leads and Contacts only. */
    public LeadPublisher(BuyerEvaluator evaluator, TouchRecorder touches, OutboxRepository outbox,
                         SalesforceLeadMapper leadMapper) {
        this(evaluator, touches, outbox, leadMapper, null);
    }

    /** @param records the Tasks, CampaignMembers and touchpoints to queue as well; null for none */
    public LeadPublisher(BuyerEvaluator evaluator, TouchRecorder touches, OutboxRepository outbox,
                         SalesforceLeadMapper leadMapper, BuyerCrmRecords records) {
        this.records = records;
        this.evaluator = evaluator;
        this.leadMapper = leadMapper;
        this.touches = touches;
        this.outbox = outbox;
    }

    /** Gives every published buyer its account, sent with its Lead or Contact; without it buyers have none. */
    public LeadPublisher withAccounts(AccountAssigner accounts) {
        this.accounts = accounts;
        return this;
    }

    /** The account assigner; null when buyers get no account. */
    public AccountAssigner accounts() {
        return accounts;
    }

    /** What publishing did: stage transitions made and whether a CRM write was queued. */
    public record Published(int transitions, boolean queued) {
    }

    public Published publish(Connection c, String buyerId, Instant now) throws SQLException {
        BuyerRecord b = buyers.findById(c, buyerId).orElseThrow(() ->
                new SQLException("buyer " + buyerId + " vanished inside its own transaction"));
        BuyerEvaluator.Evaluation e = evaluator.evaluate(c, b);
        AccountAssignment account = accounts == null ? null : accounts.assign(c, b, now);
        touches.record(c, buyerId, e.history());
        Optional<CrmLinkRepository.CrmLink> link = crmLinks.find(c, buyerId);
        Map<String, String> crm = link.isEmpty() ? Map.of() : crmValues(crmLinks.leadValues(c, buyerId));
        boolean queued;
        if (link.map(CrmLinkRepository.CrmLink::converted).orElse(false)) {
            // A converted Lead cannot be updated: the buyer follows the Contact the conversion made, and a Lead
            // write still waiting would only be refused.
            int dropped = outbox.supersedePending(c, LEAD, b.id(), now);
            if (dropped > 0) {
                LOG.debug("buyer={} is converted in the CRM; {} waiting Lead write(s) dropped", buyerId, dropped);
            }
            queued = outbox.enqueue(c, b.id(), CONTACT, b.id(), leadMapper.contactPayload(b, account, crm, e.crmFields()),
                    now) != OutboxRepository.Enqueued.UNCHANGED;
        } else {
            queued = outbox.enqueue(c, b.id(), LEAD, b.id(), leadMapper.payload(b, account, crm, e.crmFields()), now)
                    != OutboxRepository.Enqueued.UNCHANGED;
        }
        if (records != null) {
            for (CrmCommand r : records.records(buyerId, activities.forBuyer(c, buyerId),
                    touchRepository.forBuyer(c, buyerId), leadCreatedAt(e.history()),
                    crmLinks.opportunitiesOf(c, buyerId), now)) {
                queued |= outbox.enqueue(c, buyerId, r.sobject(), r.externalId(), r.payload(), now)
                        != OutboxRepository.Enqueued.UNCHANGED;
            }
        }
        return new Published(e.moved().size(), queued);
    }

    /** When the buyer first entered the lead stage or a later one; null while it has not. */
    private static Instant leadCreatedAt(StageHistory history) {
        for (StageTransition t : history.transitions()) {
            if (t.to() != Stage.VISITOR && t.to() != Stage.DISQUALIFIED) {
                return t.at();
            }
        }
        return null;
    }

    /**
     * {@link #publish} for a buyer created in the caller's page that has nothing else stored yet: no score, stage,
     * activity, CRM link or outbox row can exist for a new id, so nothing is read back and every row it writes
     * joins the page's batch. Its first Lead write is always queued.
     */
    public Published publishNew(Batch batch, BuyerRecord b, Instant now) throws SQLException {
        BuyerEvaluator.Evaluation e = evaluator.evaluateNew(batch, b);
        AccountAssignment account = accounts == null ? null : accounts.assignNew(batch, b, now);
        outbox.enqueueFirst(batch, b.id(), LEAD, b.id(), leadMapper.payload(b, account, Map.of(), e.crmFields()),
                now);
        return new Published(e.moved().size(), true);
    }

    private Map<String, String> crmValues(Optional<String> stored) throws SQLException {
        if (stored.isEmpty()) {
            return Map.of();
        }
        try {
            Map<String, String> out = new HashMap<>();
            json.readTree(stored.get()).fields().forEachRemaining(f -> {
                if (f.getValue().isValueNode() && !f.getValue().isNull() && !f.getValue().asText().isBlank()) {
                    out.put(f.getKey(), f.getValue().asText());
                }
            });
            return out;
        } catch (java.io.IOException e) {
            throw new SQLException("stored CRM values are unreadable", e);
        }
    }
}
