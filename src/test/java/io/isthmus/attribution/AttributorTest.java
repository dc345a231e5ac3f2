package io.isthmus.attribution;

import static io.isthmus.attribution.Touches.day;
import static io.isthmus.attribution.Touches.touch;
import static io.isthmus.attribution.Touches.won;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AttributorTest {

    private static final Attributor ALL = new Attributor(List.of(
            PositionBasedModel.firstTouch(),
            PositionBasedModel.lastTouch(),
            new LinearModel(),
            new PositionBasedModel("u-shaped", ordered(Position.FIRST_TOUCH, "0.4", Position.LEAD_CREATION, "0.4")),
            new PositionBasedModel("w-shaped", ordered(Position.FIRST_TOUCH, "0.3", Position.LEAD_CREATION, "0.3",
                    Position.OPPORTUNITY_CREATION, "0.3")),
            new PositionBasedModel("full-path", ordered(Position.FIRST_TOUCH, "0.225", Position.LEAD_CREATION,
                    "0.225", Position.OPPORTUNITY_CREATION, "0.225", Position.CLOSED_WON, "0.225")),
            new TimeDecayModel(Duration.ofDays(7))));

    private static Map<Position, BigDecimal> ordered(Object... pw) {
        Map<Position, BigDecimal> m = new LinkedHashMap<>();
        for (int i = 0; i < pw.length; i += 2) {
            m.put((Position) pw[i], new BigDecimal((String) pw[i + 1]));
        }
        return m;
    }

    @Test
    void attribute_noTouches_givesEmptyCreditsAndWholeAmountUnattributed() {
        for (Attribution a : ALL.attribute(won(List.of(), 1, 2, 3, "1234.5"))) {
            assertThat(a.attributed()).as(a.model()).isFalse();
            assertThat(a.credits()).isEmpty();
            assertThat(a.unattributedRevenue()).isEqualByComparingTo("1234.50");
            assertThat(a.unattributedPipeline()).isEqualByComparingTo("1234.50");
        }
    }

    @Test
    void attribute_onlyTouchesAfterClose_isUnattributed() {
        Attribution a = ALL.attribute(won(List.of(touch("t1", 5)), 1, 2, 3, "10")).get(2);
        assertThat(a.credits()).isEmpty();
        assertThat(a.unattributedRevenue()).isEqualByComparingTo("10");
    }

    @Test
    void attribute_openOpportunityWithoutTouches_hasUnattributedPipelineButNoRevenue() {
        Journey open = Journey.opportunity("o", List.of(), day(1), day(2), null, Outcome.OPEN, new BigDecimal("50"));
        Attribution a = ALL.attribute(open).get(0);
        assertThat(a.unattributedPipeline()).isEqualByComparingTo("50");
        assertThat(a.unattributedRevenue()).isEqualByComparingTo("0");
    }

    @Test
    void attribute_lostOpportunity_hasPipelineButNoRevenue() {
        Journey lost = Journey.opportunity("o", List.of(touch("t1", 1)), day(1), day(2), day(3), Outcome.LOST,
                new BigDecimal("80"));
        Credit c = ALL.attribute(lost).get(0).credits().get(0);
        assertThat(c.pipeline()).isEqualByComparingTo("80");
        assertThat(c.revenue()).isEqualByComparingTo("0");
    }

    @Test
    void attribute_buyerJourney_excludesTouchesAfterLeadCreation() {
        Journey buyer = Journey.buyer("buyer-1", List.of(touch("t1", 1), touch("t2", 2), touch("t3", 3)), day(2));
        Attribution linear = ALL.attribute(buyer).get(2);
        assertThat(Touches.weights(linear)).containsExactly("t1=0.500000", "t2=0.500000");
        assertThat(linear.credits()).allSatisfy(c -> assertThat(c.pipeline()).isEqualByComparingTo("0"));
    }

    @Test
    void attribute_manyRandomJourneys_weightsSumToOneAndRevenueToAmountExactly() {
        Random random = new Random(42);
        for (int run = 0; run < 300; run++) {
            List<Touch> touches = new ArrayList<>();
            int n = 1 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                // whole hours so that ties in time happen often
                touches.add(touch("t" + i, random.nextInt(40 * 24) / 24.0));
            }
            BigDecimal amount = BigDecimal.valueOf(random.nextInt(10_000_000), 2);
            Journey j = won(touches, random.nextInt(30), 10 + random.nextInt(20), 30 + random.nextInt(10),
                    amount.toPlainString());
            for (Attribution a : ALL.attribute(j)) {
                if (!a.attributed()) {
                    assertThat(a.unattributedRevenue()).isEqualByComparingTo(amount);
                    continue;
                }
                BigDecimal weight = a.credits().stream().map(Credit::weight).reduce(BigDecimal.ZERO, BigDecimal::add);
                BigDecimal revenue = a.credits().stream().map(Credit::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(weight).as("%s run %d", a.model(), run).isEqualByComparingTo(BigDecimal.ONE);
                assertThat(revenue).as("%s run %d", a.model(), run).isEqualByComparingTo(amount);
                assertThat(a.credits()).allSatisfy(c -> assertThat(c.weight().signum()).isNotNegative());
            }
        }
    }

    @Test
    void touchpoints_oneRowPerEligibleTouchWithEveryModelsWeight() {
        List<Touchpoint> rows = ALL.touchpoints(won(List.of(touch("t1", 1), touch("t2", 2), touch("t3", 9)),
                1.5, 2.5, 5, "100"));
        assertThat(rows).extracting(Touchpoint::externalId).containsExactly("opp-1/t1", "opp-1/t2");
        assertThat(rows.get(0).weights()).containsOnlyKeys("first-touch", "last-touch", "linear", "u-shaped",
                "w-shaped", "full-path", "time-decay");
        assertThat(rows.get(0).weights().get("first-touch")).isEqualByComparingTo("1");
        assertThat(rows.get(1).revenue().get("last-touch")).isEqualByComparingTo("100");
    }

    @Test
    void journey_sameTouchTwice_isRefused() {
        assertThatThrownBy(() -> won(List.of(touch("t1", 1), touch("t1", 2)), 1, 2, 3, "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t1");
    }

    @Test
    void journey_wonWithoutCloseTime_isRefused() {
        assertThatThrownBy(() -> Journey.opportunity("o", List.of(), null, null, null, Outcome.WON, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
