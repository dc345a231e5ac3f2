package io.isthmus.identity.bench;

import io.isthmus.identity.BlockingIndex;
import io.isthmus.identity.MatchProfile;
import io.isthmus.identity.ModelEstimator;
import io.isthmus.identity.TermFrequencies;
import io.isthmus.identity.MatchOutcome;
import io.isthmus.identity.Matcher;
import io.isthmus.identity.MatchingConfig;
import io.isthmus.identity.PreparedRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the matcher over a labelled set the way isthmus meets records: one at a time, each compared with the
 * blocked candidates among those already stored, then stored. Every unordered pair is thus compared at most once.
 * A MERGE joins the probe to the candidate's buyer (union-find), as the store would.
 */
final class DedupBenchmark {

    /** Pair figures for the decisions as made and for the resulting buyers. */
    record Result(PairMetrics decisions, PairMetrics buyers) {
    }

    private DedupBenchmark() {
    }

    /**
     * The model the pass uses, as a store holding these records would have it after loading: m and u fitted to the
     * records without their labels (when {@code estimation.enabled}), value counts of every record for the
     * term-frequency fields.
     *
     * @param estimate null when the configured m and u are used
     */
    record Model(MatchProfile profile, TermFrequencies termFrequencies, ModelEstimator.Estimate estimate) {
    }

    static Model model(LabelledSet set, MatchingConfig config, boolean estimate) {
        MatchProfile prior = config.profile(set.profile());
        List<PreparedRecord> records = new ArrayList<>(set.ids().size());
        BlockingIndex index = config.newIndex(prior);
        TermFrequencies tf = config.estimation().termFrequencies(prior);
        for (int i = 0; i < set.ids().size(); i++) {
            PreparedRecord r = prior.prepare(set.ids().get(i), set.rows().get(i));
            records.add(r);
            index.add(r);
            tf.add(r);
        }
        ModelEstimator.Estimate e = estimate ? config.estimation().fit(prior, records, index, records.size()) : null;
        return new Model(e == null ? prior : e.profile(), tf, e);
    }

    static Result run(LabelledSet set, MatchingConfig config, Model model) {
        MatchProfile profile = model.profile();
        Matcher matcher = new Matcher(profile, config.thresholds(), model.termFrequencies());
        BlockingIndex index = config.newIndex(profile);
        PairEvaluation eval = new PairEvaluation(set.clusterOf());
        Map<String, String> parent = new HashMap<>();
        for (int i = 0; i < set.ids().size(); i++) {
            PreparedRecord probe = profile.prepare(set.ids().get(i), set.rows().get(i));
            parent.put(probe.id(), probe.id());
            for (PreparedRecord c : index.candidates(probe)) {
                boolean same = matcher.classify(probe, c) == MatchOutcome.MERGE;
                eval.compared(probe.id(), c.id(), same);
                if (same) {
                    parent.put(root(parent, probe.id()), root(parent, c.id()));
                }
            }
            index.add(probe);
        }
        Map<String, String> buyerOf = new HashMap<>();
        for (String id : set.ids()) {
            buyerOf.put(id, root(parent, id));
        }
        return new Result(eval.result(), eval.clustered(buyerOf));
    }

    /**
     * Every pair of the set compared with the model, as if blocking missed nothing: what the model itself can do at
     * the merge threshold, apart from what blocking lets it see ({@code compared} is then n(n-1)/2).
     */
    static PairMetrics allPairs(LabelledSet set, MatchingConfig config, Model model) {
        MatchProfile profile = model.profile();
        Matcher matcher = new Matcher(profile, config.thresholds(), model.termFrequencies());
        List<PreparedRecord> records = new ArrayList<>(set.ids().size());
        for (int i = 0; i < set.ids().size(); i++) {
            records.add(profile.prepare(set.ids().get(i), set.rows().get(i)));
        }
        PairEvaluation eval = new PairEvaluation(set.clusterOf());
        for (int i = 0; i < records.size(); i++) {
            for (int j = 0; j < i; j++) {
                eval.compared(records.get(i).id(), records.get(j).id(),
                        matcher.classify(records.get(i), records.get(j)) == MatchOutcome.MERGE);
            }
        }
        return eval.result();
    }

    private static String root(Map<String, String> parent, String id) {
        String r = id;
        while (!parent.get(r).equals(r)) {
            r = parent.get(r);
        }
        parent.put(id, r);
        return r;
    }
}
