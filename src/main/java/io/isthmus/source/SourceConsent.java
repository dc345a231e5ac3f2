package io.isthmus.source;

import java.time.Instant;

/** A consent change for a contact in a source system (unsubscribe, opt-out, re-subscribe). */
public record SourceConsent(
        String system,
        String sourceId,
        Instant occurredAt,
        String contactSourceId,
        Change change,
        String channel) implements SourceRecord {

    public enum Change { UNSUBSCRIBED, OPTED_OUT, OPTED_IN, HARD_BOUNCED }
}
