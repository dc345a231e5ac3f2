package io.isthmus.identity;

import java.time.Instant;

/** The undoing of a merge: the absorbed buyer is restored under its old id. */
public record UnmergeEvent(String mergeEventId, String survivorId, String restoredId, String actor, String reason,
                           Instant at) {
}
