package io.isthmus.lifecycle;

import io.isthmus.lifecycle.LifecycleEvent.CrmOutcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns raw values from the CRM read-back (Lead Status, conversion fields, Opportunity fields) into
 * {@link CrmOutcome} events, so the read-back route only selects rows and this class decides what they mean.
 */
public final class CrmOutcomes {

    private final LeadStatusMapping leadStatus;

    public CrmOutcomes(LeadStatusMapping leadStatus) {
        this.leadStatus = Objects.requireNonNull(leadStatus, "leadStatus");
    }

    /**
     * A Lead's Status as read back. {@code reason} is the rejection or disqualification reason field, null when
     * empty. Empty when the status means nothing to isthmus (e.g. Open).
     */
    public Optional<CrmOutcome> fromLeadStatus(Instant at, String status, String reason) {
        return leadStatus.meaning(status).map(m -> switch (m) {
            case ACCEPTED -> new LifecycleEvent.LeadAccepted(at, status);
            case REJECTED -> new LifecycleEvent.LeadRejected(at, reason);
            case DISQUALIFIED -> new LifecycleEvent.LeadDisqualified(at, reason == null ? status : reason);
        });
    }

    /** A Lead's conversion fields (IsConverted, ConvertedContactId, …); empty while not converted. */
    public Optional<CrmOutcome> fromConversion(Instant at, boolean isConverted, String contactId, String accountId,
            String opportunityId) {
        return isConverted
                ? Optional.of(new LifecycleEvent.LeadConverted(at, contactId, accountId, opportunityId))
                : Optional.empty();
    }

    /** An Opportunity's state (StageName, IsClosed, IsWon, Amount, CloseDate and a loss reason field). */
    public CrmOutcome fromOpportunity(Instant at, String opportunityId, String stageName, boolean isClosed,
            boolean isWon, BigDecimal amount, LocalDate closeDate, String lossReason) {
        if (!isClosed) {
            return new LifecycleEvent.OpportunityStageChanged(at, opportunityId, stageName);
        }
        return isWon
                ? new LifecycleEvent.ClosedWon(at, opportunityId, amount, closeDate)
                : new LifecycleEvent.ClosedLost(at, opportunityId, lossReason == null ? stageName : lossReason);
    }
}
