package io.isthmus.lifecycle;

import io.isthmus.lifecycle.LifecycleEvent.AdvocateFlagged;
import io.isthmus.lifecycle.LifecycleEvent.ClosedLost;
import io.isthmus.lifecycle.LifecycleEvent.ClosedWon;
import io.isthmus.lifecycle.LifecycleEvent.Identified;
import io.isthmus.lifecycle.LifecycleEvent.LeadAccepted;
import io.isthmus.lifecycle.LifecycleEvent.LeadConverted;
import io.isthmus.lifecycle.LifecycleEvent.LeadDisqualified;
import io.isthmus.lifecycle.LifecycleEvent.LeadRejected;
import io.isthmus.lifecycle.LifecycleEvent.OpportunityStageChanged;
import io.isthmus.lifecycle.LifecycleEvent.ScoreChanged;
import io.isthmus.lifecycle.LifecycleRules.RecycleRule;
import io.isthmus.scoring.Score;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether an event moves a buyer's stage. Stages only move forward, except through a recycle rule
 * (back to RECYCLED) or a disqualifying reason (to DISQUALIFIED); an event that would move backwards, sideways
 * or nowhere gives no transition, so a repeated CRM read-back is harmless.
 *
 * <p>A won deal is a fact that outranks earlier judgements: ClosedWon makes a customer from any stage before
 * CUSTOMER, including RECYCLED and DISQUALIFIED. Nothing else leaves DISQUALIFIED.
 */
public final class StageMachine {

    private final LifecycleRules rules;

    public StageMachine(LifecycleRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /**
     * Applies {@code event} to the history, then offers {@code currentScore} again on the stage it reached, and
     * returns every transition made (0, 1 or 2) for the caller to store in order. Re-offering the score matters:
     * a visitor identified with a score already over the threshold is MQL at once, and a recycled buyer whose
     * score stayed high becomes MQL when the nurture period ends, though the score itself did not change.
     *
     * @param currentScore the buyer's latest score, or null when never scored
     */
    public List<StageTransition> apply(StageHistory history, LifecycleEvent event, Score currentScore) {
        List<StageTransition> out = new ArrayList<>();
        LifecycleState state = history.current();
        Optional<StageTransition> first = next(state, event);
        if (first.isPresent()) {
            out.add(first.get());
            state = LifecycleState.after(first.get());
        }
        // A ScoreChanged event already carried the score; anything else may have opened the way to MQL.
        if (currentScore != null && !(event instanceof ScoreChanged)) {
            next(state, new ScoreChanged(event.at(), currentScore)).ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    /** The transition {@code event} causes from {@code state}, or empty when the stage stays. */
    public Optional<StageTransition> next(LifecycleState state, LifecycleEvent event) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(event, "event");
        // An event older than the current stage (late read-back) is stamped at the stage's start, never before.
        Instant at = state.since() != null && event.at().isBefore(state.since()) ? state.since() : event.at();
        Stage from = state.stage();
        if (event instanceof ScoreChanged e) {
            return scoreChanged(state, e, at);
        }
        if (event instanceof Identified e) {
            return from == Stage.VISITOR && !e.email().isBlank()
                    ? forward(from, Stage.LEAD, at, "email known", e) : Optional.empty();
        }
        if (event instanceof LeadAccepted e) {
            return forward(from, Stage.SQL, at,
                    "accepted by sales" + (e.status() == null ? "" : " (Lead Status " + e.status() + ")"), e);
        }
        if (event instanceof LeadRejected e) {
            return recycle(from, RecycleRule.Trigger.LEAD_REJECTED, at, "rejected by sales" + reason(e.reason()), e);
        }
        if (event instanceof LeadDisqualified e) {
            return disqualified(from, e, at);
        }
        if (event instanceof LeadConverted e) {
            return e.opportunityId() == null || e.opportunityId().isBlank()
                    ? forward(from, Stage.SQL, at, "converted" + id(" to contact", e.contactId()), e)
                    : forward(from, Stage.OPPORTUNITY, at, "converted" + id(" with opportunity", e.opportunityId()), e);
        }
        if (event instanceof OpportunityStageChanged e) {
            return forward(from, Stage.OPPORTUNITY, at, "opportunity" + id("", e.opportunityId())
                    + (e.stage() == null || e.stage().isBlank() ? " open" : " in stage " + e.stage().trim()), e);
        }
        if (event instanceof ClosedWon e) {
            return won(from, e, at);
        }
        if (event instanceof ClosedLost e) {
            return recycle(from, RecycleRule.Trigger.CLOSED_LOST, at,
                    "opportunity" + id("", e.opportunityId()) + " closed lost" + reason(e.reason()), e);
        }
        if (event instanceof AdvocateFlagged e) {
            return from == Stage.CUSTOMER
                    ? forward(from, Stage.ADVOCATE, at, "flagged as advocate" + reason(e.reason()), e)
                    : Optional.empty();
        }
        // Java 17 cannot prove the sealed hierarchy exhausted without pattern switches; a new event lands here.
        throw new IllegalArgumentException("no stage rule for event " + event.getClass().getSimpleName());
    }

    private Optional<StageTransition> scoreChanged(LifecycleState state, ScoreChanged e, Instant at) {
        Stage from = state.stage();
        LifecycleRules.MqlRule mql = rules.mql();
        // An anonymous visitor cannot be MQL: sales need someone to call.
        if ((from != Stage.LEAD && from != Stage.RECYCLED) || !mql.reached(e.score())) {
            return Optional.empty();
        }
        if (from == Stage.RECYCLED && state.nurtureUntil() != null && at.isBefore(state.nurtureUntil())) {
            return Optional.empty();
        }
        String cause = mql.basis().name().toLowerCase(Locale.ROOT) + " score " + mql.value(e.score())
                + " reached MQL threshold " + mql.threshold()
                + (mql.minFit() == null ? "" : " with fit " + e.score().fit() + " >= " + mql.minFit())
                + (from == Stage.RECYCLED ? " again after nurture" : "");
        return Optional.of(new StageTransition(from, Stage.MQL, at, cause, null, null, e));
    }

    private Optional<StageTransition> disqualified(Stage from, LeadDisqualified e, Instant at) {
        if (rules.disqualifies(e.reason())) {
            boolean canLeave = from != Stage.DISQUALIFIED && from != Stage.CUSTOMER && from != Stage.ADVOCATE;
            return canLeave ? Optional.of(new StageTransition(from, Stage.DISQUALIFIED, at,
                    "disqualified by sales" + reason(e.reason()), null, null, e)) : Optional.empty();
        }
        return recycle(from, RecycleRule.Trigger.LEAD_DISQUALIFIED, at, "disqualified by sales" + reason(e.reason()), e);
    }

    private static Optional<StageTransition> won(Stage from, ClosedWon e, Instant at) {
        if (from == Stage.CUSTOMER || from == Stage.ADVOCATE) {
            return Optional.empty();
        }
        String cause = "opportunity" + id("", e.opportunityId()) + " closed won"
                + (e.amount() == null ? "" : " " + e.amount().toPlainString())
                + (e.closeDate() == null ? "" : " on " + e.closeDate());
        return Optional.of(new StageTransition(from, Stage.CUSTOMER, at, cause, null, null, e));
    }

    private Optional<StageTransition> recycle(Stage from, RecycleRule.Trigger on, Instant at, String cause,
            LifecycleEvent e) {
        return rules.recycleRule(on, from).map(r -> new StageTransition(from, Stage.RECYCLED, at,
                cause + " (rule " + r.id() + ", nurture " + human(r.nurture()) + ")", r.id(), at.plus(r.nurture()), e));
    }

    private static Optional<StageTransition> forward(Stage from, Stage to, Instant at, String cause,
            LifecycleEvent e) {
        return from.isBefore(to) ? Optional.of(new StageTransition(from, to, at, cause, null, null, e))
                : Optional.empty();
    }

    /** 30d or 36h rather than PT720H: causes are read by people in the CRM and in reports. */
    static String human(Duration d) {
        if (d.toSeconds() % 86_400 == 0) {
            return d.toDays() + "d";
        }
        if (d.toSeconds() % 3_600 == 0) {
            return d.toHours() + "h";
        }
        return d.toMinutes() + "m";
    }

    /** " label value", or nothing when the CRM left the value empty: causes never read "contact null". */
    private static String id(String label, String value) {
        return value == null || value.isBlank() ? "" : label + " " + value.trim();
    }

    private static String reason(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason.trim();
    }
}
