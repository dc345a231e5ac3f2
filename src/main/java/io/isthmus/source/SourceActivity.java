package io.isthmus.source;

import java.time.Instant;

/**
 * Something a buyer (or an anonymous visitor) did, as a source system recorded it.
 *
 * @param contactSourceId the contact's id in the same system, or null for an anonymous visitor
 * @param visitorId       the web-analytics visitor id, or null when the source has none
 * @param asset           page URL, email name, form name or document the activity concerns; may be null
 * @param campaign        campaign name or id; may be null
 * @param utm             the UTM tags seen with the activity; never null (use {@link Utm#NONE})
 */
public record SourceActivity(
        String system,
        String sourceId,
        Instant occurredAt,
        String contactSourceId,
        String visitorId,
        ActivityType type,
        String asset,
        String campaign,
        Utm utm) implements SourceRecord {

    public SourceActivity {
        utm = utm == null ? Utm.NONE : utm;
    }

    /** UTM tags; each value may be null. */
    public record Utm(String source, String medium, String campaign, String term, String content) {
        public static final Utm NONE = new Utm(null, null, null, null, null);
    }
}
