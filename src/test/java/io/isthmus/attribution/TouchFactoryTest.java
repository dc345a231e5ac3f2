package io.isthmus.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity;
import io.isthmus.source.SourceActivity.Utm;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TouchFactoryTest {

    private static final Instant AT = Instant.parse("2026-03-04T05:06:07Z");
    private final TouchFactory factory = new TouchFactory(AttributionConfig.load(null), ChannelClassifier.load(null));

    private static SourceActivity activity(ActivityType type, String campaign, Utm utm) {
        return new SourceActivity("hubspot", "act-9", AT, "c-1", null, type, "/whitepaper.pdf", campaign, utm);
    }

    @Test
    void touch_formFillWithUtm_carriesChannelCampaignAssetAndStage() {
        Touch t = factory.touch(activity(ActivityType.FORM_FILL, "Spring Launch",
                new Utm("google", "cpc", "spring-utm", null, null)), "buyer-7", null, FunnelStage.MQL).orElseThrow();
        assertThat(t).isEqualTo(new Touch("hubspot:act-9", "buyer-7", AT, "Paid Search", "Spring Launch",
                "/whitepaper.pdf", ActivityType.FORM_FILL, FunnelStage.MQL));
    }

    @Test
    void touch_noCampaignOnActivity_fallsBackToUtmCampaign() {
        Touch t = factory.touch(activity(ActivityType.CONTENT_DOWNLOAD, " ", new Utm(null, null, "q1-ebook", null,
                null)), "b", "https://www.bing.com/", null).orElseThrow();
        assertThat(t.campaign()).isEqualTo("q1-ebook");
        assertThat(t.channel()).isEqualTo("Organic Search");
        assertThat(t.stageAtTime()).isNull();
    }

    @Test
    void touch_emailOpen_isNotATouchByDefault() {
        assertThat(factory.touch(activity(ActivityType.EMAIL_OPEN, null, Utm.NONE), "b", null, FunnelStage.LEAD))
                .isEmpty();
    }

    @Test
    void touch_configuredTypes_decideWhatIsATouch() {
        TouchFactory emailOnly = new TouchFactory(Set.of(ActivityType.EMAIL_CLICK), ChannelClassifier.load(null));
        assertThat(emailOnly.touch(activity(ActivityType.EMAIL_CLICK, null, Utm.NONE), "b", null, null)).isPresent();
        assertThat(emailOnly.touch(activity(ActivityType.FORM_FILL, null, Utm.NONE), "b", null, null)).isEmpty();
    }
}
