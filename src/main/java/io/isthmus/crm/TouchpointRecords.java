package io.isthmus.crm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.attribution.Attributor;
import io.isthmus.attribution.Journey;
import io.isthmus.attribution.Outcome;
import io.isthmus.attribution.Touch;
import io.isthmus.attribution.Touchpoint;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import io.isthmus.store.CrmLinkRepository;

/**
 * The touchpoint custom object: one record per attribution touch (keyed by the touch, whichever buyer holds it) and
 * one per opportunity and touch, with the touch's channel, campaign, asset, type, time and stage, the touch's weight
 * under each configured model and, for an opportunity, its share of the won amount. Object and field names come from {@code salesforce-objects.yaml}.
 */
public final class TouchpointRecords {

    /** Salesforce text external-id fields hold at most 255 characters. */
    private static final int EXTERNAL_ID_MAX = 255;
    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(6);

    private final SalesforceObjects.Touchpoints config;
    private final Attributor attributor;
    private final ObjectMapper json = new ObjectMapper();

    public TouchpointRecords(SalesforceObjects.Touchpoints config, Attributor attributor) {
        this.config = config;
        this.attributor = attributor;
    }

    public String sobject() {
        return config.object();
    }

    /**
     * One record per touch of the buyer, and one per touch of each of its opportunities. A buyer record's credits are
     * the touch's weights in the buyer's journey, which ends at lead creation: a touch after it keeps its record
     * (sales see it) with weight 0. An opportunity record holds the weights in the opportunity's journey (touches up
     * to close) and each model's share of the amount once won.
     *
     * @param leadCreatedAt when the buyer first became a lead; null while it is not one
     * @param opportunities the buyer's opportunities as last read back
     */
    public List<CrmCommand> touchpoints(String buyerId, List<Touch> touches, Instant leadCreatedAt,
                                        List<CrmLinkRepository.Opportunity> opportunities) {
        if (!config.enabled() || touches.isEmpty()) {
            return List.of();
        }
        Map<String, Touchpoint> credited = new HashMap<>();
        for (Touchpoint tp : attributor.touchpoints(Journey.buyer(buyerId, touches, leadCreatedAt))) {
            credited.put(tp.touch().touchId(), tp);
        }
        List<Touch> ordered = new ArrayList<>(touches);
        ordered.sort(Comparator.comparing(Touch::occurredAt).thenComparing(Touch::touchId));
        List<CrmCommand> out = new ArrayList<>();
        for (Touch t : ordered) {
            out.add(record(buyerId, null, t, credited.get(t.touchId())));
        }
        for (CrmLinkRepository.Opportunity o : opportunities) {
            for (Touchpoint tp : attributor.touchpoints(journey(o, touches, leadCreatedAt))) {
                out.add(record(buyerId, o.id(), tp.touch(), tp));
            }
        }
        return out;
    }

    private CrmCommand record(String buyerId, String opportunityId, Touch t, Touchpoint tp) {
        ObjectNode r = json.createObjectNode();
        r.put(config.buyerField(), buyerId);
        put(r, config.opportunityField(), opportunityId);
        r.put(config.channelField(), t.channel());
        put(r, config.campaignField(), t.campaign());
        put(r, config.assetField(), t.asset() == null ? null : fit(t.asset(), 255));
        put(r, config.activityTypeField(), SalesforceObjects.kebab(t.activityType()));
        r.put(config.occurredAtField(), t.occurredAt().toString());
        put(r, config.stageField(), t.stageAtTime() == null ? null : t.stageAtTime().name());
        for (Map.Entry<String, String> c : config.credits().entrySet()) {
            BigDecimal w = tp == null ? null : tp.weights().get(c.getKey());
            r.put(c.getValue(), w == null ? ZERO : w);
        }
        if (opportunityId != null) {
            for (Map.Entry<String, String> c : config.revenueCredits().entrySet()) {
                BigDecimal v = tp.revenue().get(c.getKey());
                r.put(c.getValue(), v == null ? BigDecimal.ZERO.setScale(2) : v);
            }
        }
        // A buyer's record is keyed by the touch alone: a touch that moves to another buyer (merge, unmerge) updates
        // its one record instead of leaving the old buyer's behind, which would count its credit twice.
        String key = opportunityId == null ? t.touchId() : opportunityId + "/" + t.touchId();
        return new CrmCommand(config.object(), externalId(key), r.toString());
    }

    /** The opportunity's journey, as the funnel report builds it: closed at the end of its close date (UTC). */
    private static Journey journey(CrmLinkRepository.Opportunity o, List<Touch> touches, Instant leadCreatedAt) {
        Instant closed = o.closed() && o.closeDate() != null
                ? o.closeDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1) : null;
        Outcome outcome = !o.closed() || closed == null ? Outcome.OPEN : o.won() ? Outcome.WON : Outcome.LOST;
        Instant created = o.createdAt() == null ? o.modifiedAt() : o.createdAt();
        return Journey.opportunity(o.id(), touches, leadCreatedAt, created, outcome == Outcome.OPEN ? null : closed,
                outcome, o.amount());
    }

    /** The touchpoint's key, hashed when longer than an external-id field holds (long source ids). */
    static String externalId(String key) {
        if (key.length() <= EXTERNAL_ID_MAX) {
            return key;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return key.substring(0, EXTERNAL_ID_MAX - 65) + "#" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static void put(ObjectNode r, String field, String value) {
        if (field != null) {
            r.put(field, value);
        }
    }

    private static String fit(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
