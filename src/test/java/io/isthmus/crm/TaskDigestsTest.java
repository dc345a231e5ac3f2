package io.isthmus.crm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskDigestsTest {

    private static final Instant NOW = Instant.parse("2024-05-30T20:00:00Z");

    private static SalesforceObjects.TaskDigest config(SalesforceObjects.Period period, String zone) {
        return new SalesforceObjects.TaskDigest(true, "Key__c", List.of(ActivityType.EMAIL_OPEN,
                ActivityType.PAGE_VIEW, ActivityType.FORM_FILL), period, ZoneId.of(zone), Duration.ofDays(14), "",
                "Completed", "Normal");
    }

    private static SourceActivity a(String id, String at, ActivityType type, String asset) {
        return new SourceActivity("m", id, Instant.parse(at), "1", null, type, asset, null, null);
    }

    @Test
    void onePeriod_oneTask_summarisedByTypeAndPage() throws Exception {
        List<CrmCommand> tasks = new TaskDigests(config(SalesforceObjects.Period.DAY, "UTC")).digests("b1", List.of(
                a("1", "2024-05-30T08:00:00Z", ActivityType.EMAIL_OPEN, "News"),
                a("2", "2024-05-30T09:00:00Z", ActivityType.PAGE_VIEW, "https://x.example.com/pricing"),
                a("3", "2024-05-30T09:01:00Z", ActivityType.PAGE_VIEW, "https://x.example.com/docs/setup.html"),
                a("4", "2024-05-30T09:02:00Z", ActivityType.PAGE_VIEW, "https://x.example.com/pricing#plans"),
                a("5", "2024-05-30T09:03:00Z", ActivityType.EMAIL_SENT, "News"),
                a("6", "2024-05-29T09:03:00Z", ActivityType.FORM_FILL, "Demo request")), NOW);

        assertThat(tasks).extracting(CrmCommand::externalId).containsExactly("b1/day/2024-05-29", "b1/day/2024-05-30");
        var t = new ObjectMapper().readTree(tasks.get(1).payload());
        assertThat(t.path("Subject").asText()).isEqualTo("1 email open, pricing page ×2, setup page");
        assertThat(t.path("ActivityDate").asText()).isEqualTo("2024-05-30");
        assertThat(t.path("Description").asText()).startsWith("2024-05-30 08:00 email open: News\n")
                .doesNotContain("email sent");
    }

    @Test
    void weeksStartOnMondayInTheConfiguredZone_andOldPeriodsAreLeftAlone() {
        List<CrmCommand> tasks = new TaskDigests(config(SalesforceObjects.Period.WEEK, "America/New_York"))
                .digests("b1", List.of(
                        // Monday 27 May 01:00 UTC is still Sunday 26 May in New York.
                        a("1", "2024-05-27T01:00:00Z", ActivityType.EMAIL_OPEN, "News"),
                        a("2", "2024-05-28T12:00:00Z", ActivityType.EMAIL_OPEN, "News"),
                        a("3", "2024-05-01T12:00:00Z", ActivityType.EMAIL_OPEN, "Too old")), NOW);

        assertThat(tasks).extracting(CrmCommand::externalId).containsExactly("b1/week/2024-05-20",
                "b1/week/2024-05-27");
    }

    @Test
    void sameActivities_giveTheSamePayload() {
        TaskDigests d = new TaskDigests(config(SalesforceObjects.Period.DAY, "UTC"));
        List<SourceActivity> list = List.of(a("1", "2024-05-30T08:00:00Z", ActivityType.EMAIL_OPEN, "News"),
                a("2", "2024-05-30T08:00:00Z", ActivityType.EMAIL_OPEN, "News"));

        assertThat(d.digests("b1", list, NOW)).isEqualTo(d.digests("b1", List.of(list.get(1), list.get(0)), NOW));
    }
}
