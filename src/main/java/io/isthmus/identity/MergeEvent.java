package io.isthmus.identity;

import java.time.Instant;
import java.util.List;

/**
 * One merge in a buyer's lineage: which buyer absorbed which, on what evidence, and which contributions came from
 * the absorbed side (so an unmerge can give them back).
 *
 * @param survivorId    the buyer that remains
 * @param absorbedId    the buyer that ceased to exist
 * @param absorbedKeys  contribution keys the absorbed buyer held at merge time
 * @param decision      the evidence: rule, total weight and per-field scores
 * @param actor         who decided: {@code auto} for the matcher, else a reviewer's name
 */
public record MergeEvent(String id, String survivorId, String absorbedId, List<String> absorbedKeys,
                         MatchDecision decision, String actor, Instant at) {

    public MergeEvent {
        absorbedKeys = List.copyOf(absorbedKeys);
    }
}
