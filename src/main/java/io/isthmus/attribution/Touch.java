package io.isthmus.attribution;

import io.isthmus.source.ActivityType;
import java.time.Instant;
import java.util.Objects;

/**
 * One marketing touch on a buyer: a campaign response, form fill, content download, event attendance or web
 * session, with the channel it came through and the buyer's stage when it happened.
 *
 * @param touchId      stable id, also the external id of the CRM touchpoint; never null
 * @param buyerId      the unified buyer's id; never null
 * @param occurredAt   when it happened; never null
 * @param channel      channel from the {@link ChannelClassifier}, e.g. {@code Paid Search}; never null
 * @param campaign     campaign name or id; null when the activity names none
 * @param asset        page URL, form, document or event name; null when unknown
 * @param activityType the activity it came from; never null
 * @param stageAtTime  the buyer's stage when it happened; null when the stage was not yet known
 */
public record Touch(
        String touchId,
        String buyerId,
        Instant occurredAt,
        String channel,
        String campaign,
        String asset,
        ActivityType activityType,
        FunnelStage stageAtTime) {

    public Touch {
        Objects.requireNonNull(touchId, "touchId");
        Objects.requireNonNull(buyerId, "buyerId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(activityType, "activityType");
    }
}
