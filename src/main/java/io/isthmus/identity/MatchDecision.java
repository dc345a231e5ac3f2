package io.isthmus.identity;

import java.util.List;

/**
 * The matcher's verdict on a probe record against one candidate.
 *
 * @param rule     {@code email}, {@code identity-link}, {@code crm-id} for deterministic matches, else
 *                 {@code probabilistic:<profile>}
 * @param weight   total match weight in bits (sum of the field weights); +infinity for deterministic matches
 * @param evidence per-field evidence; empty for deterministic matches
 */
public record MatchDecision(String probeId, String candidateId, MatchOutcome outcome, String rule, double weight,
                            List<FieldEvidence> evidence) {

    public MatchDecision {
        evidence = List.copyOf(evidence);
    }

    public static MatchDecision deterministic(String probeId, String candidateId, String rule) {
        return new MatchDecision(probeId, candidateId, MatchOutcome.MERGE, rule, Double.POSITIVE_INFINITY, List.of());
    }
}
