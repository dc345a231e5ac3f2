package io.isthmus.attribution.funnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.attribution.Attribution;
import io.isthmus.attribution.Attributor;
import io.isthmus.attribution.FunnelStage;
import io.isthmus.attribution.Journey;
import io.isthmus.attribution.LinearModel;
import io.isthmus.attribution.Outcome;
import io.isthmus.attribution.PositionBasedModel;
import io.isthmus.attribution.Touch;
import io.isthmus.attribution.funnel.AttributedAmounts.Dimension;
import io.isthmus.attribution.funnel.AttributedAmounts.LeadRow;
import io.isthmus.attribution.funnel.AttributedAmounts.Row;
import io.isthmus.source.ActivityType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttributedAmountsTest {

    static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

    static Touch touch(String id, String buyer, int day, String channel, String campaign) {
        return new Touch(id, buyer, T0.plusSeconds(day * 86_400L), channel, campaign, null, ActivityType.FORM_FILL,
                FunnelStage.LEAD);
    }

    /**
     * A: won 1000 with a Paid Search "spring" touch then an Email touch without campaign;
     * B: lost 600 with one Paid Search "spring" touch; C: won 400 with no touch.
     */
    static List<Attribution> attributions() {
        Map<String, List<Touch>> touches = Map.of(
                "ba", List.of(touch("a1", "ba", 1, "Paid Search", "spring"), touch("a2", "ba", 2, "Email", null)),
                "bb", List.of(touch("b1", "bb", 1, "Paid Search", "spring")));
        Map<String, Instant> lead = Map.of("ba", T0, "bb", T0);
        List<Opportunity> opps = List.of(
                new Opportunity("A", Set.of("ba"), T0.plusSeconds(3 * 86_400), T0.plusSeconds(9 * 86_400),
                        Outcome.WON, new BigDecimal("1000")),
                new Opportunity("B", Set.of("bb"), T0.plusSeconds(3 * 86_400), T0.plusSeconds(9 * 86_400),
                        Outcome.LOST, new BigDecimal("600")),
                new Opportunity("C", Set.of("bc"), T0.plusSeconds(3 * 86_400), T0.plusSeconds(9 * 86_400),
                        Outcome.WON, new BigDecimal("400")));
        Attributor attributor = new Attributor(List.of(new LinearModel(), PositionBasedModel.firstTouch()));
        List<Attribution> out = new ArrayList<>();
        for (Opportunity o : opps) {
            out.addAll(attributor.attribute(o.journey(touches, lead)));
        }
        // buyer journeys count for leads only, never as pipeline: ba became a lead after both touches,
        // bz became a lead without any touch, bv is still a visitor
        out.addAll(attributor.attribute(Journey.buyer("ba", touches.get("ba"), T0.plusSeconds(5 * 86_400))));
        out.addAll(attributor.attribute(Journey.buyer("bz", List.of(), T0)));
        out.addAll(attributor.attribute(Journey.buyer("bv", List.of(touch("v1", "bv", 1, "Display", null)), null)));
        return out;
    }

    static final CostTable COSTS = new CostTable(Map.of("Paid Search", new BigDecimal("250")),
            Map.of("spring", new BigDecimal("100")));

    private static Row row(String model, Dimension d, String key, int opps, String pipeline, String revenue,
            String cost, String perDollar) {
        return new Row(model, d, key, opps, new BigDecimal(pipeline), new BigDecimal(revenue),
                cost == null ? null : new BigDecimal(cost), perDollar == null ? null : new BigDecimal(perDollar));
    }

    @Test
    void rollUp_byChannel_sumsCreditsPerModelWithCostPerRevenueDollarAndUnattributedRow() {
        assertThat(AttributedAmounts.rollUp(attributions(), Dimension.CHANNEL, COSTS)).containsExactly(
                row("linear", Dimension.CHANNEL, "Paid Search", 2, "1100.00", "500.00", "250", "0.5000"),
                row("linear", Dimension.CHANNEL, "Email", 1, "500.00", "500.00", null, null),
                row("linear", Dimension.CHANNEL, "(unattributed)", 1, "400.00", "400.00", null, null),
                row("first-touch", Dimension.CHANNEL, "Paid Search", 2, "1600.00", "1000.00", "250", "0.2500"),
                row("first-touch", Dimension.CHANNEL, "Email", 0, "0.00", "0.00", null, null),
                row("first-touch", Dimension.CHANNEL, "(unattributed)", 1, "400.00", "400.00", null, null));
    }

    @Test
    void rollUp_byCampaign_namesMissingCampaignNone() {
        assertThat(AttributedAmounts.rollUp(attributions(), Dimension.CAMPAIGN, COSTS)).startsWith(
                row("linear", Dimension.CAMPAIGN, "spring", 2, "1100.00", "500.00", "100", "0.2000"),
                row("linear", Dimension.CAMPAIGN, "(none)", 1, "500.00", "500.00", null, null));
    }

    @Test
    void rollUp_costWithoutRevenue_hasNoCostPerDollar() {
        CostTable emailCost = new CostTable(Map.of("Email", new BigDecimal("80")), Map.of());
        assertThat(AttributedAmounts.rollUp(attributions(), Dimension.CHANNEL, emailCost))
                .filteredOn(r -> r.model().equals("first-touch") && r.key().equals("Email"))
                .singleElement().satisfies(r -> {
                    assertThat(r.cost()).isEqualByComparingTo("80");
                    assertThat(r.costPerRevenue()).isNull();
                });
    }

    @Test
    void leadsByChannel_buyerJourneys_sumWeightsPerChannelAndCountLeadsWithoutTouchAsUnattributed() {
        assertThat(AttributedAmounts.leadsByChannel(attributions())).containsExactly(
                new LeadRow("linear", "Email", 1, new BigDecimal("0.500000")),
                new LeadRow("linear", "Paid Search", 1, new BigDecimal("0.500000")),
                new LeadRow("linear", "(unattributed)", 1, new BigDecimal("1.000000")),
                new LeadRow("first-touch", "Paid Search", 1, new BigDecimal("1.000000")),
                new LeadRow("first-touch", "Email", 0, new BigDecimal("0.000000")),
                new LeadRow("first-touch", "(unattributed)", 1, new BigDecimal("1.000000")));
    }
}
