package io.isthmus.attribution.funnel;

import static io.isthmus.attribution.FunnelStage.CUSTOMER;
import static io.isthmus.attribution.FunnelStage.LEAD;
import static io.isthmus.attribution.FunnelStage.MQL;
import static io.isthmus.attribution.FunnelStage.OPPORTUNITY;
import static io.isthmus.attribution.FunnelStage.RECYCLED;
import static io.isthmus.attribution.FunnelStage.SQL;
import static io.isthmus.attribution.FunnelStage.VISITOR;

import io.isthmus.attribution.FunnelStage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Four buyers, counted by hand in the tests:
 * b1 goes the whole way to customer; b2 becomes MQL and is recycled; b3 skips MQL (lead → SQL); b4 stays a visitor.
 */
final class FunnelFixture {

    static final Instant DAY0 = Instant.parse("2026-01-25T00:00:00Z");

    static final List<StageTransition> HISTORY = List.of(
            t("b1", null, VISITOR, 0), t("b1", VISITOR, LEAD, 1), t("b1", LEAD, MQL, 4), t("b1", MQL, SQL, 6),
            t("b1", SQL, OPPORTUNITY, 10), t("b1", OPPORTUNITY, CUSTOMER, 20),
            // b2's rows out of time order on purpose: the metrics must sort them
            t("b2", MQL, RECYCLED, 15), t("b2", null, LEAD, 2), t("b2", LEAD, MQL, 12),
            t("b3", null, VISITOR, 0), t("b3", VISITOR, LEAD, 3), t("b3", LEAD, SQL, 5),
            t("b4", null, VISITOR, 1));

    private FunnelFixture() {
    }

    static StageTransition t(String buyer, FunnelStage from, FunnelStage to, double day) {
        return new StageTransition(buyer, from, to, day(day));
    }

    static Instant day(double d) {
        return DAY0.plus(Duration.ofMinutes(Math.round(d * 24 * 60)));
    }

    static Duration days(double d) {
        return Duration.ofMinutes(Math.round(d * 24 * 60));
    }
}
