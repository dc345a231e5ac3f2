package io.isthmus.scoring;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Points taken away for who the buyer is or what state the address is in: competitor or student domains,
 * unsubscribes, bounces. Applied once, not per activity, and never decayed (it is a state, not an event).
 *
 * @param id      unique rule id; never null
 * @param label   short text for the CRM summary; never null
 * @param when    what triggers the rule; never null
 * @param domains for {@link When#EMAIL_DOMAIN}: lower-case entries; {@code rival.com} matches that domain and
 *                its subdomains, {@code .edu} or {@code .ac.uk} match any domain ending so; empty otherwise
 * @param points  points, always below zero
 * @param kind    the score the points are taken from; never null
 */
public record NegativeRule(String id, String label, When when, List<String> domains, int points, ScoreKind kind) {

    public enum When { EMAIL_DOMAIN, UNSUBSCRIBED, BOUNCED }

    public NegativeRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(kind, "kind");
        domains = domains == null ? List.of() : domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
    }

    public boolean matches(ScoringInput input) {
        return switch (when) {
            case UNSUBSCRIBED -> input.unsubscribed();
            case BOUNCED -> input.hardBounced();
            case EMAIL_DOMAIN -> domainMatches(input.emailDomain());
        };
    }

    private boolean domainMatches(String domain) {
        if (domain == null) {
            return false;
        }
        for (String d : domains) {
            boolean hit = d.startsWith(".") ? domain.endsWith(d) : domain.equals(d) || domain.endsWith("." + d);
            if (hit) {
                return true;
            }
        }
        return false;
    }
}
