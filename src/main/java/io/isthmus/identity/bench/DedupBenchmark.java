package io.isthmus.identity.bench;

import io.isthmus.identity.BlockingIndex;
import io.isthmus.identity.MatchProfile;
import io.isthmus.identity.Matcher;
import io.isthmus.identity.MatchingConfig;
import io.isthmus.identity.PreparedRecord;

/**
 * Runs the matcher over a labelled set the way isthmus meets records: one at a time, each compared with the
 * blocked candidates among those already stored, then stored. Every unordered pair is thus compared at most once.
 */
final class DedupBenchmark {

    private DedupBenchmark() {
    }

    static PairMetrics run(LabelledSet set, MatchingConfig config) {
        MatchProfile profile = config.profile(set.profile());
        Matcher matcher = new Matcher(profile, config.thresholds());
        BlockingIndex index = new BlockingIndex(profile, config.maxPerKey());
        PairEvaluation eval = new PairEvaluation(set.clusterOf());
        double merge = config.thresholds().merge();
        for (int i = 0; i < set.ids().size(); i++) {
            PreparedRecord probe = profile.prepare(set.ids().get(i), set.rows().get(i));
            for (PreparedRecord c : index.candidates(probe)) {
                eval.compared(probe.id(), c.id(), matcher.weight(probe, c) >= merge);
            }
            index.add(probe);
        }
        return eval.result();
    }
}
