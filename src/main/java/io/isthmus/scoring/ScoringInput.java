package io.isthmus.scoring;

import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the {@link Scorer} looks at for one buyer: the normalized attributes, the activities and consent.
 *
 * @param email         the buyer's email, or null when unknown; negative domain rules read its domain
 * @param attributes    fit attributes by name (see the constants below); names are case-insensitive, a null or
 *                      blank value counts as absent; never null (null becomes empty)
 * @param activities    every activity to score, any order; never null (null becomes empty)
 * @param unsubscribed  true when the buyer unsubscribed from marketing email
 * @param hardBounced   true when the buyer's email address hard-bounced
 */
public record ScoringInput(
        String email,
        Map<String, String> attributes,
        List<Activity> activities,
        boolean unsubscribed,
        boolean hardBounced) {

    public static final String COMPANY_SIZE = "company-size";
    public static final String INDUSTRY = "industry";
    public static final String COUNTRY = "country";
    public static final String SENIORITY = "seniority";
    public static final String PERSONA = "persona";
    public static final String BUYING_ROLE = "buying-role";
    public static final String JOB_TITLE = "job-title";
    public static final String COMPANY = "company";

    /** Attribute names a fit rule may use without the {@code custom.} prefix; a typo elsewhere is refused. */
    public static final Set<String> STANDARD_ATTRIBUTES =
            Set.of(COMPANY_SIZE, INDUSTRY, COUNTRY, SENIORITY, PERSONA, BUYING_ROLE, JOB_TITLE, COMPANY);

    /** Prefix for attributes beyond the standard ones, e.g. {@code custom.plan}. */
    public static final String CUSTOM_PREFIX = "custom.";

    public ScoringInput {
        Map<String, String> clean = new TreeMap<>();
        if (attributes != null) {
            attributes.forEach((k, v) -> {
                if (k != null && v != null && !v.isBlank()) {
                    clean.put(k.toLowerCase(Locale.ROOT), v.trim());
                }
            });
        }
        attributes = Map.copyOf(clean);
        activities = activities == null ? List.of() : List.copyOf(activities);
    }

    /** The attribute's trimmed value, or null when absent. */
    public String attribute(String name) {
        return attributes.get(name.toLowerCase(Locale.ROOT));
    }

    /** The lower-case part of the email after the last {@code @}, or null when there is no usable email. */
    public String emailDomain() {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        if (at < 0 || at == email.length() - 1) {
            return null;
        }
        return email.substring(at + 1).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * One activity as scoring needs it.
     *
     * @param ref        a stable reference stored with the explanation, e.g. {@code hubspot:12345}; never null
     * @param type       the activity kind; never null
     * @param occurredAt when it happened; never null. Decay is computed from it
     * @param asset      page URL, email, form or document name; null when the source has none
     */
    public record Activity(String ref, ActivityType type, Instant occurredAt, String asset) {

        public Activity {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        /** Takes a source activity as is; the reference is {@code system:sourceId}. */
        public static Activity of(SourceActivity a) {
            return new Activity(a.system() + ":" + a.sourceId(), a.type(), a.occurredAt(), a.asset());
        }
    }
}
