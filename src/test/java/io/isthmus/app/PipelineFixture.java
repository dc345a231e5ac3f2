package io.isthmus.app;

import io.isthmus.attribution.TouchFactory;
import io.isthmus.buyer.ContactNormalizer;
import io.isthmus.crm.BuyerCrmRecords;
import io.isthmus.crm.SalesforceLeadMapper;
import io.isthmus.lifecycle.LifecycleCrmFields;
import io.isthmus.lifecycle.SlaClock;
import io.isthmus.lifecycle.StageMachine;
import io.isthmus.pipeline.BuyerEvaluator;
import io.isthmus.pipeline.FuzzyResolver;
import io.isthmus.pipeline.LeadPublisher;
import io.isthmus.pipeline.PageApplier;
import io.isthmus.scoring.Scorer;
import io.isthmus.store.OutboxRepository;
import java.nio.file.Path;
import java.time.Clock;

/** The pipeline as a source route runs it (PageApplier → LeadPublisher), on a running daemon's store and model. */
final class PipelineFixture {

    private PipelineFixture() {
    }

    static PageApplier applier(Daemon daemon, Path modelDir, Clock clock) {
        BuyerModel m = BuyerModel.load(modelDir);
        BuyerEvaluator evaluator = new BuyerEvaluator(new Scorer(m.scoring(), clock), new StageMachine(m.lifecycle()),
                new LifecycleCrmFields(m.lifecycle().crmFields(), new SlaClock(clock, m.lifecycle().slaAcceptance())),
                m.titles(), clock);
        LeadPublisher publisher = new LeadPublisher(evaluator,
                new io.isthmus.pipeline.TouchRecorder(new TouchFactory(m.attribution(), m.channels())),
                new OutboxRepository(false), new SalesforceLeadMapper(m.salesforceMapping()),
                new BuyerCrmRecords(m.salesforceObjects(), m.attribution().attributor()));
        return new PageApplier(daemon.database(), publisher, new FuzzyResolver(m.matching()),
                new ContactNormalizer("US"), clock);
    }
}
