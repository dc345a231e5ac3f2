package io.isthmus.identity;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Merging and unmerging buyers. Both return new immutable clusters, recomputed golden records and the lineage event
 * for the caller to persist in one transaction; nothing is lost because contributions are only ever moved.
 */
public final class Merges {

    /** A merge's outcome: the surviving cluster, its golden record and the lineage event. */
    public record MergeResult(BuyerCluster merged, GoldenRecord golden, MergeEvent event) {
    }

    /** An unmerge's outcome: both sides rebuilt from their retained contributions. */
    public record UnmergeResult(BuyerCluster survivor, GoldenRecord survivorGolden, BuyerCluster restored,
                                GoldenRecord restoredGolden, UnmergeEvent event) {
    }

    private final Survivorship survivorship;
    private final Clock clock;
    private final Supplier<String> ids;

    public Merges(Survivorship survivorship, Clock clock) {
        this(survivorship, clock, () -> UUID.randomUUID().toString());
    }

    public Merges(Survivorship survivorship, Clock clock, Supplier<String> ids) {
        this.survivorship = survivorship;
        this.clock = clock;
        this.ids = ids;
    }

    public MergeResult merge(BuyerCluster survivor, BuyerCluster absorbed, MatchDecision evidence, String actor) {
        if (survivor.buyerId().equals(absorbed.buyerId())) {
            throw new IllegalArgumentException("cannot merge buyer " + survivor.buyerId() + " with itself");
        }
        BuyerCluster merged = survivor;
        for (Contribution c : absorbed.contributions()) {
            merged = merged.with(c);
        }
        MergeEvent event = new MergeEvent(ids.get(), survivor.buyerId(), absorbed.buyerId(), absorbed.keys(),
                evidence, actor, clock.instant());
        return new MergeResult(merged, survivorship.build(merged.buyerId(), merged.contributions()), event);
    }

    /**
     * Undoes {@code event} on the cluster that now holds its contributions (the survivor, or whoever absorbed the
     * survivor later). The absorbed side gets back its contributions, including newer versions of them that arrived
     * after the merge; everything else stays.
     */
    public UnmergeResult unmerge(BuyerCluster current, MergeEvent event, String actor, String reason) {
        Set<String> absorbedKeys = new HashSet<>(event.absorbedKeys());
        List<Contribution> stay = new ArrayList<>();
        List<Contribution> back = new ArrayList<>();
        for (Contribution c : current.contributions()) {
            (absorbedKeys.contains(c.key()) ? back : stay).add(c);
        }
        if (back.isEmpty()) {
            throw new IllegalStateException("buyer " + current.buyerId() + " holds none of the contributions of merge "
                    + event.id() + "; it was undone already or they moved elsewhere");
        }
        if (stay.isEmpty()) {
            throw new IllegalStateException("unmerging " + event.id() + " would leave buyer " + current.buyerId()
                    + " without contributions");
        }
        BuyerCluster kept = new BuyerCluster(current.buyerId(), stay);
        BuyerCluster restored = new BuyerCluster(event.absorbedId(), back);
        UnmergeEvent undo = new UnmergeEvent(event.id(), current.buyerId(), event.absorbedId(), actor, reason,
                clock.instant());
        return new UnmergeResult(kept, survivorship.build(kept.buyerId(), kept.contributions()), restored,
                survivorship.build(restored.buyerId(), restored.contributions()), undo);
    }
}
