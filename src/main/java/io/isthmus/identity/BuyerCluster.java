package io.isthmus.identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A buyer as the set of source contributions that were resolved to it. Adding a contribution whose key is already
 * present replaces the older one (a source re-sent its record) only when it is at least as recent.
 */
public record BuyerCluster(String buyerId, List<Contribution> contributions) {

    public BuyerCluster {
        contributions = List.copyOf(contributions);
    }

    public static BuyerCluster of(String buyerId, Contribution first) {
        return new BuyerCluster(buyerId, List.of(first));
    }

    public BuyerCluster with(Contribution c) {
        Map<String, Contribution> byKey = new LinkedHashMap<>();
        contributions.forEach(x -> byKey.put(x.key(), x));
        Contribution old = byKey.get(c.key());
        if (old == null || !c.observedAt().isBefore(old.observedAt())) {
            byKey.put(c.key(), c);
        }
        return new BuyerCluster(buyerId, new ArrayList<>(byKey.values()));
    }

    public List<String> keys() {
        return contributions.stream().map(Contribution::key).toList();
    }
}
