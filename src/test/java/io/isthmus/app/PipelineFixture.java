package io.isthmus.app;

import io.isthmus.buyer.ContactNormalizer;
import io.isthmus.pipeline.BuyerEvaluator;
import io.isthmus.pipeline.FuzzyResolver;
import io.isthmus.pipeline.LeadPublisher;
import io.isthmus.pipeline.PageApplier;
import io.isthmus.store.Database;
import io.isthmus.store.OutboxRepository;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The pipeline wired as the daemon wires it, for tests that drive it without Camel: the evaluator and publisher come
 * from {@link Daemon#evaluator} and {@link Daemon#publisher} themselves (Leads and Contacts, and the Tasks,
 * CampaignMembers and touchpoints a buyer's activities and touches give), so a test cannot exercise a narrower
 * wiring than production runs.
 */
public final class PipelineFixture {

    /** The default of {@code isthmus.buyer.defaultRegion}. */
    private static final String REGION = "US";

    private PipelineFixture() {
    }

    public static BuyerEvaluator evaluator(BuyerModel model, Clock clock) {
        return Daemon.evaluator(model, clock);
    }

    public static LeadPublisher publisher(Database db, BuyerModel model, Clock clock) {
        return publisher(db, model, evaluator(model, clock));
    }

    public static LeadPublisher publisher(Database db, BuyerModel model, BuyerEvaluator evaluator) {
        return Daemon.publisher(model, evaluator, new OutboxRepository(db.isPostgres()), db);
    }

    /** The identity index over every buyer stored, filled before it returns (the daemon fills it in the background). */
    public static FuzzyResolver identityIndex(Database db, BuyerModel model) {
        FuzzyResolver fuzzy = new FuzzyResolver(model.matching());
        fuzzy.load(db);
        return fuzzy;
    }

    public static PageApplier applier(Database db, LeadPublisher publisher, FuzzyResolver fuzzy, Clock clock) {
        return new PageApplier(db, publisher, fuzzy, new ContactNormalizer(REGION), clock);
    }

    /** A page applier with the daemon's publisher and a loaded identity index. */
    public static PageApplier applier(Database db, BuyerModel model, Clock clock) {
        return applier(db, publisher(db, model, clock), identityIndex(db, model), clock);
    }

    /** The pipeline as a source route of a running daemon runs it, on that daemon's store. */
    static PageApplier applier(Daemon daemon, Path modelDir, Clock clock) {
        return applier(daemon.database(), BuyerModel.load(modelDir), clock);
    }
}
