package io.isthmus.identity;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Deterministic matching: exact keys that prove identity, strongest first — the CRM id, a source identity link
 * ({@code system:sourceId}) and the normalized email. Probabilistic matching runs only when none of them hits.
 * Not thread-safe (single writer).
 */
public final class IdentityKeys {

    private final Map<String, String> byCrmId = new HashMap<>();
    private final Map<String, String> byLink = new HashMap<>();
    private final Map<String, String> byEmail = new HashMap<>();

    /** Files a buyer's keys; any may be null. A key already filed for another buyer moves to this one. */
    public void put(String buyerId, String normalizedEmail, Collection<String> links, String crmId) {
        if (crmId != null) {
            byCrmId.put(crmId, buyerId);
        }
        if (links != null) {
            links.forEach(l -> byLink.put(l, buyerId));
        }
        if (normalizedEmail != null) {
            byEmail.put(normalizedEmail, buyerId);
        }
    }

    /** The first key that identifies a known buyer, as a MERGE decision naming the key kind as its rule. */
    public Optional<MatchDecision> find(String probeId, String normalizedEmail, Collection<String> links, String crmId) {
        if (crmId != null && byCrmId.containsKey(crmId)) {
            return Optional.of(MatchDecision.deterministic(probeId, byCrmId.get(crmId), "crm-id"));
        }
        if (links != null) {
            for (String l : links) {
                if (byLink.containsKey(l)) {
                    return Optional.of(MatchDecision.deterministic(probeId, byLink.get(l), "identity-link"));
                }
            }
        }
        if (normalizedEmail != null && byEmail.containsKey(normalizedEmail)) {
            return Optional.of(MatchDecision.deterministic(probeId, byEmail.get(normalizedEmail), "email"));
        }
        return Optional.empty();
    }

    /** After a merge every key of the absorbed buyer points at the survivor. */
    public void merged(String absorbedId, String survivorId) {
        byCrmId.replaceAll((k, v) -> v.equals(absorbedId) ? survivorId : v);
        byLink.replaceAll((k, v) -> v.equals(absorbedId) ? survivorId : v);
        byEmail.replaceAll((k, v) -> v.equals(absorbedId) ? survivorId : v);
    }
}
