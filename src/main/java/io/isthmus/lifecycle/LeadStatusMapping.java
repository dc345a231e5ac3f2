package io.isthmus.lifecycle;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which values of the CRM's Lead Status picklist mean what to isthmus. Values compare without case; a status in
 * no list (e.g. Open) means nothing and moves no stage.
 *
 * @param accepted     lower-case statuses that mean sales accepted the lead; never null
 * @param rejected     lower-case statuses that mean sales rejected it; never null
 * @param disqualified lower-case statuses that mean sales disqualified it; never null
 */
public record LeadStatusMapping(Set<String> accepted, Set<String> rejected, Set<String> disqualified) {

    public enum Meaning { ACCEPTED, REJECTED, DISQUALIFIED }

    public LeadStatusMapping {
        accepted = Set.copyOf(accepted);
        rejected = Set.copyOf(rejected);
        disqualified = Set.copyOf(disqualified);
    }

    public Optional<Meaning> meaning(String status) {
        if (status == null) {
            return Optional.empty();
        }
        String s = status.trim().toLowerCase(Locale.ROOT);
        if (accepted.contains(s)) {
            return Optional.of(Meaning.ACCEPTED);
        }
        if (rejected.contains(s)) {
            return Optional.of(Meaning.REJECTED);
        }
        if (disqualified.contains(s)) {
            return Optional.of(Meaning.DISQUALIFIED);
        }
        return Optional.empty();
    }
}
