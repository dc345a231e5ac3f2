package io.isthmus.attribution;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Credits a {@link Journey}'s touches under each configured model. Weights are rounded to 6 decimals and money
 * to cents with {@link Apportion}, so a subject's weights sum to exactly 1 and its credits to exactly its amount.
 *
 * <p>Eligible touches: for an opportunity, those at or before close (all while open); for a buyer, those at or
 * before lead creation (all while it is unknown). They are ordered by time, ties by touch id.
 */
public final class Attributor {

    static final long WEIGHT_UNITS = 1_000_000L;
    private static final Comparator<Touch> ORDER =
            Comparator.comparing(Touch::occurredAt).thenComparing(Touch::touchId);

    private final List<AttributionModel> models;

    public Attributor(List<AttributionModel> models) {
        this.models = List.copyOf(models);
        if (this.models.isEmpty()) {
            throw new IllegalArgumentException("at least one attribution model is needed");
        }
    }

    public List<AttributionModel> models() {
        return models;
    }

    /** One attribution per model, in model order. */
    public List<Attribution> attribute(Journey journey) {
        List<Attribution> out = new ArrayList<>(models.size());
        for (AttributionModel m : models) {
            out.add(attribute(journey, m));
        }
        return out;
    }

    public Attribution attribute(Journey journey, AttributionModel model) {
        Objects.requireNonNull(journey, "journey");
        List<Touch> touches = eligible(journey);
        long cents = cents(journey.amount());
        boolean won = journey.outcome() == Outcome.WON;
        if (touches.isEmpty()) {
            BigDecimal amount = money(cents);
            return new Attribution(journey, model.name(), List.of(), amount, won ? amount : money(0));
        }
        List<BigDecimal> shares = model.shares(touches, journey);
        if (shares.size() != touches.size()) {
            throw new IllegalStateException(model.name() + " returned " + shares.size() + " shares for "
                    + touches.size() + " touches");
        }
        long[] units = Apportion.split(shares, WEIGHT_UNITS);
        long[] money = cents == 0 ? new long[units.length] : Apportion.split(toDecimals(units), cents);
        List<Credit> credits = new ArrayList<>(touches.size());
        for (int i = 0; i < touches.size(); i++) {
            BigDecimal pipeline = money(money[i]);
            credits.add(new Credit(journey.subjectId(), model.name(), touches.get(i),
                    BigDecimal.valueOf(units[i], 6), pipeline, won ? pipeline : money(0)));
        }
        return new Attribution(journey, model.name(), credits, money(0), money(0));
    }

    /** The CRM touchpoint rows of a subject: one per eligible touch, with every model's weight and revenue. */
    public List<Touchpoint> touchpoints(Journey journey) {
        Map<String, Map<String, BigDecimal>> weights = new LinkedHashMap<>();
        Map<String, Map<String, BigDecimal>> revenue = new LinkedHashMap<>();
        Map<String, Touch> byId = new LinkedHashMap<>();
        for (Attribution a : attribute(journey)) {
            for (Credit c : a.credits()) {
                String id = c.touch().touchId();
                byId.putIfAbsent(id, c.touch());
                weights.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(a.model(), c.weight());
                revenue.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(a.model(), c.revenue());
            }
        }
        List<Touchpoint> out = new ArrayList<>(byId.size());
        byId.forEach((id, t) -> out.add(new Touchpoint(journey.subjectId(), t, weights.get(id), revenue.get(id))));
        return out;
    }

    /** The touches a journey credits, in crediting order. */
    public static List<Touch> eligible(Journey journey) {
        Instant cutoff = journey.kind() == Journey.Kind.OPPORTUNITY ? journey.closedAt() : journey.leadCreatedAt();
        List<Touch> out = new ArrayList<>();
        for (Touch t : journey.touches()) {
            if (cutoff == null || !t.occurredAt().isAfter(cutoff)) {
                out.add(t);
            }
        }
        out.sort(ORDER);
        return out;
    }

    private static long cents(BigDecimal amount) {
        return amount == null ? 0 : amount.setScale(2, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
    }

    private static BigDecimal money(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    private static List<BigDecimal> toDecimals(long[] units) {
        List<BigDecimal> out = new ArrayList<>(units.length);
        for (long u : units) {
            out.add(BigDecimal.valueOf(u));
        }
        return out;
    }
}
