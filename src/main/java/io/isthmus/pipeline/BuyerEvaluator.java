package io.isthmus.pipeline;

import io.isthmus.buyer.BuyerRecord;
import io.isthmus.buyer.normalize.TitleClass;
import io.isthmus.buyer.normalize.TitleClassifier;
import io.isthmus.lifecycle.LifecycleCrmFields;
import io.isthmus.lifecycle.LifecycleEvent;
import io.isthmus.lifecycle.StageHistory;
import io.isthmus.lifecycle.StageMachine;
import io.isthmus.lifecycle.StageTransition;
import io.isthmus.scoring.Score;
import io.isthmus.scoring.ScoreChange;
import io.isthmus.scoring.Scorer;
import io.isthmus.scoring.ScoringInput;
import io.isthmus.source.SourceActivity;
import io.isthmus.store.ActivityRepository;
import io.isthmus.store.Batch;
import io.isthmus.store.ConsentRepository;
import io.isthmus.store.ScoreRepository;
import io.isthmus.store.StageRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-scores a buyer from everything stored about it and moves its lifecycle stage, storing each score change with
 * its explanation and each transition with its cause. Returns the score and stage fields for the CRM.
 */
public final class BuyerEvaluator {

    private final Scorer scorer;
    private final StageMachine machine;
    private final LifecycleCrmFields crmFields;
    private final Clock clock;
    private final ActivityRepository activities = new ActivityRepository();
    private final ConsentRepository consent = new ConsentRepository();
    private final ScoreRepository scores = new ScoreRepository();
    private final StageRepository stages = new StageRepository();

    private final TitleClassifier titles;

    public BuyerEvaluator(Scorer scorer, StageMachine machine, LifecycleCrmFields crmFields, TitleClassifier titles,
                          Clock clock) {
        this.scorer = scorer;
        this.titles = titles;
        this.machine = machine;
        this.crmFields = crmFields;
        this.clock = clock;
    }

    /** What the evaluation stored, for the CRM payload and the counters. */
    public record Evaluation(Score score, String summary, StageHistory history, List<StageTransition> moved,
                             Map<String, Object> crmFields) {
    }

    public Evaluation evaluate(Connection c, BuyerRecord b) throws SQLException {
        ConsentRepository.Consent cs = consent.find(c, b.id());
        List<SourceActivity> acts = activities.forBuyer(c, b.id());
        Optional<ScoreRepository.Current> previous = scores.find(c, b.id());
        StageHistory history = stages.history(c, b.id());
        return evaluate(b, cs, acts, previous, history, change -> scores.save(c, b.id(), change),
                t -> stages.append(c, b.id(), t));
    }

    /**
     * The evaluation of a buyer created in the caller's transaction that has nothing else stored yet (no consent,
     * activity, score or stage): nothing to read back, and its score and stage rows join the page's batch.
     */
    public Evaluation evaluateNew(Batch batch, BuyerRecord b) throws SQLException {
        return evaluate(b, ConsentRepository.Consent.NONE, List.of(), Optional.empty(), StageHistory.EMPTY,
                change -> scores.insertFirst(batch, b.id(), change), t -> stages.append(batch, b.id(), t));
    }

    /** Where an evaluation's score change and stage transitions are written. */
    private interface Writes<T> {
        void write(T value) throws SQLException;
    }

    private Evaluation evaluate(BuyerRecord b, ConsentRepository.Consent cs, List<SourceActivity> stored,
                                Optional<ScoreRepository.Current> previous, StageHistory history,
                                Writes<ScoreChange> scoreWrites, Writes<StageTransition> stageWrites)
            throws SQLException {
        Instant now = clock.instant();
        List<ScoringInput.Activity> acts = stored.stream().map(ScoringInput.Activity::of).toList();
        ScoringInput input = new ScoringInput(b.email(), attributes(b), acts, cs.unsubscribed(), cs.hardBounced());
        ScoreChange change = scorer.rescore(previous.map(ScoreRepository.Current::score).orElse(null), input);
        if (change.changed() || previous.isEmpty() || !previous.get().summary().equals(change.summary())) {
            scoreWrites.write(change);
        }
        List<StageTransition> moved = new java.util.ArrayList<>();
        if (history.transitions().isEmpty() && b.email() != null) {
            history = append(stageWrites, history, new LifecycleEvent.Identified(now, b.email()), change.current(),
                    moved);
        }
        history = append(stageWrites, history, new LifecycleEvent.ScoreChanged(now, change.current()),
                change.current(), moved);
        return new Evaluation(change.current(), change.summary(), history, moved,
                crmFields.fields(change.current(), change.summary(), history));
    }

    /** Applies a CRM outcome (read back from Salesforce) to the buyer's stage. */
    public List<StageTransition> apply(Connection c, String buyerId, LifecycleEvent event) throws SQLException {
        Score current = scores.find(c, buyerId).map(ScoreRepository.Current::score).orElse(Score.ZERO);
        List<StageTransition> moved = new java.util.ArrayList<>();
        append(t -> stages.append(c, buyerId, t), stages.history(c, buyerId), event, current, moved);
        return moved;
    }

    private StageHistory append(Writes<StageTransition> writes, StageHistory history, LifecycleEvent event,
                                Score score, List<StageTransition> moved) throws SQLException {
        StageHistory h = history;
        for (StageTransition t : machine.apply(h, event, score)) {
            writes.write(t);
            h = h.with(t);
            moved.add(t);
        }
        return h;
    }

    private Map<String, String> attributes(BuyerRecord b) {
        Map<String, String> a = new HashMap<>();
        if (b.jobTitle() != null) {
            TitleClass t = titles.classify(b.jobTitle());
            a.put(ScoringInput.SENIORITY, TitleClassifier.UNKNOWN.equals(t.seniority()) ? null : t.seniority());
            a.put(ScoringInput.PERSONA, TitleClassifier.UNKNOWN.equals(t.persona()) ? null : t.persona());
        }
        a.put(ScoringInput.JOB_TITLE, b.jobTitle());
        a.put(ScoringInput.COMPANY, b.company());
        a.put(ScoringInput.COUNTRY, b.country());
        return a;
    }
}
