package io.isthmus.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CrmOutcomesTest {

    private static final Instant AT = Instant.parse("2026-02-01T10:00:00Z");
    private final CrmOutcomes outcomes = new CrmOutcomes(LifecycleRules.loadDefault().leadStatus());

    @Test
    void fromLeadStatus_configuredValues_mapToAcceptedRejectedDisqualified() {
        assertThat(outcomes.fromLeadStatus(AT, "working - contacted", null))
                .contains(new LifecycleEvent.LeadAccepted(AT, "working - contacted"));
        assertThat(outcomes.fromLeadStatus(AT, "Unqualified", "no budget"))
                .contains(new LifecycleEvent.LeadRejected(AT, "no budget"));
        assertThat(outcomes.fromLeadStatus(AT, "Junk", null))
                .contains(new LifecycleEvent.LeadDisqualified(AT, "Junk"));
        assertThat(outcomes.fromLeadStatus(AT, "Disqualified", "competitor"))
                .contains(new LifecycleEvent.LeadDisqualified(AT, "competitor"));
    }

    @Test
    void fromLeadStatus_unmappedOrNull_isEmpty() {
        assertThat(outcomes.fromLeadStatus(AT, "Open - Not Contacted", null)).isEmpty();
        assertThat(outcomes.fromLeadStatus(AT, null, null)).isEmpty();
    }

    @Test
    void fromConversion_convertedOrNot() {
        assertThat(outcomes.fromConversion(AT, true, "003", "001", "006"))
                .contains(new LifecycleEvent.LeadConverted(AT, "003", "001", "006"));
        assertThat(outcomes.fromConversion(AT, false, null, null, null)).isEmpty();
    }

    @Test
    void fromOpportunity_openWonLost_mapToTheirEvents() {
        assertThat(outcomes.fromOpportunity(AT, "006", "Negotiation", false, false, null, null, null))
                .isEqualTo(new LifecycleEvent.OpportunityStageChanged(AT, "006", "Negotiation"));
        assertThat(outcomes.fromOpportunity(AT, "006", "Closed Won", true, true, new BigDecimal("5000"),
                LocalDate.of(2026, 1, 31), null))
                .isEqualTo(new LifecycleEvent.ClosedWon(AT, "006", new BigDecimal("5000"), LocalDate.of(2026, 1, 31)));
        assertThat(outcomes.fromOpportunity(AT, "006", "Closed Lost", true, false, null, null, null))
                .isEqualTo(new LifecycleEvent.ClosedLost(AT, "006", "Closed Lost"));
        assertThat(outcomes.fromOpportunity(AT, "006", "Closed Lost", true, false, null, null, "price"))
                .isEqualTo(new LifecycleEvent.ClosedLost(AT, "006", "price"));
    }
}
