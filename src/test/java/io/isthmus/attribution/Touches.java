package io.isthmus.attribution;

import io.isthmus.source.ActivityType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Test helpers: touches and milestones on a day scale from a fixed start. */
final class Touches {

    static final Instant DAY0 = Instant.parse("2026-01-01T00:00:00Z");

    private Touches() {
    }

    static Instant day(double d) {
        return DAY0.plus(Duration.ofMinutes(Math.round(d * 24 * 60)));
    }

    static Touch touch(String id, double day) {
        return new Touch(id, "buyer-1", day(day), "Email", "camp-" + id, null, ActivityType.FORM_FILL,
                FunnelStage.LEAD);
    }

    static Touch touch(String id, double day, String channel, String campaign) {
        return new Touch(id, "buyer-1", day(day), channel, campaign, null, ActivityType.FORM_FILL, FunnelStage.LEAD);
    }

    static Journey won(List<Touch> touches, double lead, double opp, double close, String amount) {
        return Journey.opportunity("opp-1", touches, day(lead), day(opp), day(close), Outcome.WON,
                new BigDecimal(amount));
    }

    static Journey open(List<Touch> touches, double lead, double opp, String amount) {
        return Journey.opportunity("opp-1", touches, day(lead), day(opp), null, Outcome.OPEN,
                new BigDecimal(amount));
    }

    /** Weights in touch-id order of the credits, as plain strings for readable assertions. */
    static List<String> weights(Attribution a) {
        return a.credits().stream().map(c -> c.touch().touchId() + "=" + c.weight().toPlainString()).toList();
    }

    static List<String> revenue(Attribution a) {
        return a.credits().stream().map(c -> c.touch().touchId() + "=" + c.revenue().toPlainString()).toList();
    }
}
