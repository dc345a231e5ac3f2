package io.isthmus.attribution;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one attribution subject went through: an opportunity (its buyers' touches and its milestones) or a
 * single buyer for lead-stage reporting (no opportunity milestones, no amount).
 *
 * @param subjectId            opportunity id or buyer id; never null
 * @param kind                 which of the two the subject is; never null
 * @param touches              every touch of the subject's buyers, in any order, touches after close included
 *                             (they are excluded when crediting); never null, ids unique
 * @param leadCreatedAt        when the (first) buyer became a lead; null when unknown
 * @param opportunityCreatedAt when the opportunity was created; null for a buyer subject
 * @param closedAt             when the opportunity closed; null while open and for a buyer subject
 * @param outcome              {@link Outcome#OPEN} for a buyer subject; never null
 * @param amount               the opportunity amount, not negative, rounded to cents when crediting; null when
 *                             unknown or for a buyer subject
 */
public record Journey(
        String subjectId,
        Kind kind,
        List<Touch> touches,
        Instant leadCreatedAt,
        Instant opportunityCreatedAt,
        Instant closedAt,
        Outcome outcome,
        BigDecimal amount) {

    public enum Kind { OPPORTUNITY, BUYER }

    public Journey {
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        touches = List.copyOf(touches);
        Set<String> ids = new HashSet<>();
        for (Touch t : touches) {
            if (!ids.add(t.touchId())) {
                throw new IllegalArgumentException("touch " + t.touchId() + " appears twice in " + subjectId);
            }
        }
        if (amount != null && amount.signum() < 0) {
            throw new IllegalArgumentException("amount of " + subjectId + " is negative: " + amount);
        }
        if (outcome != Outcome.OPEN && closedAt == null) {
            throw new IllegalArgumentException(subjectId + " is " + outcome + " but has no close time");
        }
    }

    public static Journey opportunity(String opportunityId, List<Touch> touches, Instant leadCreatedAt,
            Instant opportunityCreatedAt, Instant closedAt, Outcome outcome, BigDecimal amount) {
        return new Journey(opportunityId, Kind.OPPORTUNITY, touches, leadCreatedAt, opportunityCreatedAt,
                closedAt, outcome, amount);
    }

    public static Journey buyer(String buyerId, List<Touch> touches, Instant leadCreatedAt) {
        return new Journey(buyerId, Kind.BUYER, touches, leadCreatedAt, null, null, Outcome.OPEN, null);
    }
}
