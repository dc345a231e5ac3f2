package io.isthmus.attribution.funnel;

import io.isthmus.attribution.Journey;
import io.isthmus.attribution.Outcome;
import io.isthmus.attribution.Touch;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An opportunity as the CRM read-back reports it.
 *
 * @param buyerIds  the buyers on it (contact roles); never null, may be empty
 * @param createdAt never null
 * @param closedAt  null while open
 * @param amount    null when the CRM has none
 */
public record Opportunity(String id, Set<String> buyerIds, Instant createdAt, Instant closedAt, Outcome outcome,
        BigDecimal amount) {

    public Opportunity {
        Objects.requireNonNull(id, "id");
        buyerIds = Set.copyOf(buyerIds);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * The journey to credit: every touch of its buyers, and lead creation at the earliest time any of them became
     * a lead (null when none did).
     *
     * @param touchesByBuyer buyer id → that buyer's touches; buyers without an entry have none
     * @param leadCreatedAt  buyer id → when it first entered the lead stage
     */
    public Journey journey(Map<String, List<Touch>> touchesByBuyer, Map<String, Instant> leadCreatedAt) {
        List<Touch> touches = new ArrayList<>();
        Instant lead = null;
        for (String buyer : buyerIds.stream().sorted().toList()) {
            touches.addAll(touchesByBuyer.getOrDefault(buyer, List.of()));
            Instant l = leadCreatedAt.get(buyer);
            if (l != null && (lead == null || l.isBefore(lead))) {
                lead = l;
            }
        }
        return Journey.opportunity(id, touches, lead, createdAt, closedAt, outcome, amount);
    }
}
