package io.isthmus.identity;

import io.isthmus.source.SourceActivity;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Anonymous → known: holds web activities of unidentified visitors and links a visitor id to a buyer when the
 * visitor identifies (form fill, login userId); the held activities then follow the visitor to the buyer.
 * State is in memory; the caller persists the returned results and rebuilds the stitcher from them at start.
 * Not thread-safe (single writer, like the rest of identity resolution).
 */
public final class VisitorStitcher {

    private record Link(String buyerId, String stitchedTo) {
    }

    private final Clock clock;
    private final int maxHeldPerVisitor;
    private final Map<String, Link> links = new HashMap<>();
    private final Map<String, Deque<SourceActivity>> held = new HashMap<>();

    /** @param maxHeldPerVisitor oldest anonymous activities beyond this are dropped from the hold (bot protection) */
    public VisitorStitcher(Clock clock, int maxHeldPerVisitor) {
        this.clock = clock;
        this.maxHeldPerVisitor = maxHeldPerVisitor;
    }

    public Optional<String> buyerOf(String visitorId) {
        Link l = links.get(visitorId);
        return l == null ? Optional.empty() : Optional.of(l.buyerId());
    }

    /**
     * Routes an activity: the buyer id when its visitor is known, else empty and the activity is held until the
     * visitor identifies.
     */
    public Optional<String> record(SourceActivity activity) {
        String visitor = activity.visitorId();
        if (visitor == null) {
            return Optional.empty();
        }
        Optional<String> buyer = buyerOf(visitor);
        if (buyer.isEmpty()) {
            Deque<SourceActivity> q = held.computeIfAbsent(visitor, v -> new ArrayDeque<>());
            q.addLast(activity);
            if (q.size() > maxHeldPerVisitor) {
                q.removeFirst();
            }
        }
        return buyer;
    }

    /** The visitor identified as {@code buyerId}. */
    public StitchResult identify(String visitorId, String buyerId) {
        Link existing = links.get(visitorId);
        if (existing != null) {
            StitchResult.Outcome o = existing.buyerId().equals(buyerId)
                    ? StitchResult.Outcome.ALREADY_STITCHED : StitchResult.Outcome.CONFLICT;
            return new StitchResult(visitorId, existing.buyerId(), o, List.of(), clock.instant());
        }
        links.put(visitorId, new Link(buyerId, buyerId));
        Deque<SourceActivity> q = held.remove(visitorId);
        List<SourceActivity> moved = q == null ? List.of() : new ArrayList<>(q);
        return new StitchResult(visitorId, buyerId, StitchResult.Outcome.STITCHED, moved, clock.instant());
    }

    /** After a merge the absorbed buyer's visitors belong to the survivor. */
    public void merged(String absorbedId, String survivorId) {
        links.replaceAll((v, l) -> l.buyerId().equals(absorbedId) ? new Link(survivorId, l.stitchedTo()) : l);
    }

    /** After an unmerge the visitors first stitched to the restored buyer go back to it. */
    public void unmerged(String survivorId, String restoredId) {
        links.replaceAll((v, l) -> l.buyerId().equals(survivorId) && l.stitchedTo().equals(restoredId)
                ? new Link(restoredId, restoredId) : l);
    }
}
