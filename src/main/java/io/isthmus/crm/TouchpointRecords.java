package io.isthmus.crm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.attribution.Attributor;
import io.isthmus.attribution.Journey;
import io.isthmus.attribution.Touch;
import io.isthmus.attribution.Touchpoint;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The touchpoint custom object: one record per buyer and attribution touch, with the touch's channel, campaign,
 * asset, type, time and stage, and the touch's weight under each configured model for the buyer's journey (touches up
 * to lead creation; later touches weigh 0). Object and field names come from {@code salesforce-objects.yaml}.
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
     * One record per touch of the buyer. The credits are the touch's weights in the buyer's journey, which ends at
     * lead creation: a touch after it keeps its record (sales see it) with weight 0 under every model.
     *
     * @param leadCreatedAt when the buyer first became a lead; null while it is not one
     */
    public List<CrmCommand> touchpoints(String buyerId, List<Touch> touches, Instant leadCreatedAt) {
        if (!config.enabled() || touches.isEmpty()) {
            return List.of();
        }
        Map<String, Touchpoint> credited = new HashMap<>();
        for (Touchpoint tp : attributor.touchpoints(Journey.buyer(buyerId, touches, leadCreatedAt))) {
            credited.put(tp.touch().touchId(), tp);
        }
        List<Touch> ordered = new ArrayList<>(touches);
        ordered.sort(Comparator.comparing(Touch::occurredAt).thenComparing(Touch::touchId));
        List<CrmCommand> out = new ArrayList<>(ordered.size());
        for (Touch t : ordered) {
            Touchpoint tp = credited.get(t.touchId());
            ObjectNode r = json.createObjectNode();
            r.put(config.buyerField(), buyerId);
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
            out.add(new CrmCommand(config.object(), externalId(buyerId + "/" + t.touchId()), r.toString()));
        }
        return out;
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
