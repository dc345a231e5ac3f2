package io.isthmus.attribution;

import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a source activity into a touch when its type is one of the configured touch types. The touch id is
 * {@code system:sourceId}, so the same activity read again yields the same touch (idempotent upserts).
 */
public final class TouchFactory {

    private final Set<ActivityType> touchTypes;
    private final ChannelClassifier classifier;

    public TouchFactory(Set<ActivityType> touchTypes, ChannelClassifier classifier) {
        this.touchTypes = Set.copyOf(touchTypes);
        this.classifier = Objects.requireNonNull(classifier, "classifier");
    }

    public TouchFactory(AttributionConfig config, ChannelClassifier classifier) {
        this(config.touchTypes(), classifier);
    }

    public boolean isTouch(ActivityType type) {
        return touchTypes.contains(type);
    }

    /**
     * @param activity the activity; never null
     * @param buyerId  the unified buyer it was resolved to; never null
     * @param referrer the referring URL or host, null when none or unknown
     * @param stage    the buyer's stage when the activity happened, null when unknown
     * @return the touch, or empty when the activity's type is not a touch type
     */
    public Optional<Touch> touch(SourceActivity activity, String buyerId, String referrer, FunnelStage stage) {
        Objects.requireNonNull(activity, "activity");
        Objects.requireNonNull(buyerId, "buyerId");
        if (!isTouch(activity.type())) {
            return Optional.empty();
        }
        String campaign = firstNonBlank(activity.campaign(), activity.utm().campaign());
        return Optional.of(new Touch(activity.system() + ":" + activity.sourceId(), buyerId, activity.occurredAt(),
                classifier.classify(activity.utm(), referrer, activity.type()), campaign,
                firstNonBlank(activity.asset(), null), activity.type(), stage));
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a.trim();
        }
        return b == null || b.isBlank() ? null : b.trim();
    }
}
