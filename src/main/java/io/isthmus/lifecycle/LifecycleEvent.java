package io.isthmus.lifecycle;

import io.isthmus.scoring.Score;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Something that may move a buyer's stage. {@code at} is when it happened (for CRM outcomes: when the CRM
 * recorded it), never null; the transition it causes is stamped with that time.
 */
public sealed interface LifecycleEvent {

    Instant at();

    /** The buyer was rescored; {@code score} is the new score, never null. */
    record ScoreChanged(Instant at, Score score) implements LifecycleEvent {
        public ScoreChanged {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(score, "score");
        }
    }

    /** An email became known for the buyer; {@code email} is never null. */
    record Identified(Instant at, String email) implements LifecycleEvent {
        public Identified {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(email, "email");
        }
    }

    /** What the CRM's read-back saw; see {@link CrmOutcomes} for turning raw Salesforce values into these. */
    sealed interface CrmOutcome extends LifecycleEvent {
    }

    /** Sales accepted the lead. {@code status} is the CRM's Lead Status value, null when unknown. */
    record LeadAccepted(Instant at, String status) implements CrmOutcome {
        public LeadAccepted {
            Objects.requireNonNull(at, "at");
        }
    }

    /** Sales rejected the lead; {@code reason} as sales gave it, null when none. */
    record LeadRejected(Instant at, String reason) implements CrmOutcome {
        public LeadRejected {
            Objects.requireNonNull(at, "at");
        }
    }

    /** Sales disqualified the lead; {@code reason} decides DISQUALIFIED or RECYCLED; null when none. */
    record LeadDisqualified(Instant at, String reason) implements CrmOutcome {
        public LeadDisqualified {
            Objects.requireNonNull(at, "at");
        }
    }

    /** The lead was converted; ids are Salesforce ids, {@code opportunityId} null when no opportunity was made. */
    record LeadConverted(Instant at, String contactId, String accountId, String opportunityId) implements CrmOutcome {
        public LeadConverted {
            Objects.requireNonNull(at, "at");
        }
    }

    /** An open opportunity of the buyer is in {@code stage} (the CRM's StageName); ids and stage may be null. */
    record OpportunityStageChanged(Instant at, String opportunityId, String stage) implements CrmOutcome {
        public OpportunityStageChanged {
            Objects.requireNonNull(at, "at");
        }
    }

    /** An opportunity was won. {@code amount} and {@code closeDate} as the CRM holds them, null when empty. */
    record ClosedWon(Instant at, String opportunityId, BigDecimal amount, LocalDate closeDate) implements CrmOutcome {
        public ClosedWon {
            Objects.requireNonNull(at, "at");
        }
    }

    /** An opportunity was lost; {@code reason} null when the CRM has none. */
    record ClosedLost(Instant at, String opportunityId, String reason) implements CrmOutcome {
        public ClosedLost {
            Objects.requireNonNull(at, "at");
        }
    }

    /** A customer was marked as an advocate (reference, review, referral); {@code reason} may be null. */
    record AdvocateFlagged(Instant at, String reason) implements CrmOutcome {
        public AdvocateFlagged {
            Objects.requireNonNull(at, "at");
        }
    }
}
