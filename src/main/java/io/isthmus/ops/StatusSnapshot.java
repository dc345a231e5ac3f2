package io.isthmus.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the status page shows, read from the store in one go: per source where its cursor stands, the outbox, the
 * open dead letters by error, the Salesforce API budget and the funnel. Values are raw; {@link StatusPage} formats
 * and escapes them.
 *
 * @param at     when the snapshot was read
 * @param api    null when the Salesforce sink is disabled
 * @param buyers buyers in the store
 */
public record StatusSnapshot(Instant at, List<Source> sources, Outbox outbox, List<DeadLetterGroup> deadLetters,
                             ApiUsage api, long buyers, List<StageCount> funnel) {

    /** How a lag was measured. */
    public enum LagBasis {
        /** now − the position the cursor says the source is read up to */
        CURSOR,
        /** now − the last page applied, for a cursor without a position (or a backfill in progress) */
        LAST_POLL
    }

    /**
     * One row of {@code source_watermark}.
     *
     * @param lastPoll         when the last page was applied
     * @param position         what the cursor says the source is read up to; null when it does not say
     * @param openDeadLetters  open dead letters whose origin is this source
     */
    public record Source(String name, Instant lastPoll, Instant position, Duration lag, LagBasis lagBasis,
                         long pagesApplied, long recordsApplied, long openDeadLetters) {
    }

    /**
     * @param pending       rows waiting for the CRM
     * @param sentLastHour  rows the CRM confirmed in the hour before the snapshot
     * @param dead          rows the CRM refused for good
     * @param oldestPending when the oldest waiting row was queued; null when none waits
     */
    public record Outbox(long pending, long sentLastHour, long dead, Instant oldestPending) {
    }

    /**
     * Open dead letters with the same kind and error code.
     *
     * @param errorCode     null when the failure had none
     * @param latestMessage the error message of the newest of them
     */
    public record DeadLetterGroup(String kind, String errorCode, long count, Instant latest, String latestMessage) {
    }

    /** The org's API usage as Salesforce last reported it; -1 for both until the first call. */
    public record ApiUsage(long used, long limit) {

        public boolean known() {
            return used >= 0 && limit > 0;
        }
    }

    /** Buyers whose latest stage transition leads to {@code stage}. */
    public record StageCount(String stage, long buyers) {
    }
}
