package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.demo.SalesforceSimulator;
import io.isthmus.pipeline.PageApplier;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity;
import io.isthmus.source.SourceContact;
import io.isthmus.source.SourceRecord;
import io.isthmus.testing.Rows;
import io.isthmus.testing.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Above the bulk threshold every object goes through a Bulk API 2.0 job, and the records that point to a Lead carry
 * its id in the uploaded CSV. Against the in-process Salesforce org (WireMock), which refuses a CampaignMember or Task
 * pointing to no Lead of the org.
 */
class SalesforceObjectsBulkTest {

    private static final String CAMPAIGN = "7015g000000AbCdAAK";
    private static final Instant NOW = Instant.parse("2024-05-30T18:00:00Z");

    @TempDir
    Path dir;
    private SalesforceSimulator sf;
    private DaemonHarness h;
    private Daemon daemon;
    private PageApplier applier;
    private final SettableClock clock = new SettableClock(NOW);

    @BeforeEach
    void start() throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("salesforce-objects.yaml"), """
                campaign-member:
                  external-id: Isthmus_Key__c
                  activity-types: [form-fill]
                  status: Responded
                  campaigns:
                    spring-webinar: %s
                """.formatted(CAMPAIGN));
        sf = new SalesforceSimulator("test-client-id", "test-client-secret", "integration@test.example.com",
                "test-password-and-token");
        h = new DaemonHarness(dir);
        daemon = h.start(Map.of("isthmus.salesforce.loginUrl", sf.baseUrl(), "isthmus.model.dir", model.toString(),
                "isthmus.salesforce.bulkThreshold", "3"), clock);
        applier = PipelineFixture.applier(daemon, model, clock);
    }

    @AfterEach
    void stop() {
        h.close();
        sf.close();
    }

    @Test
    void everyObjectAboveTheThreshold_goesThroughABulkJob_withTheLeadIdsInTheCsv() throws Exception {
        List<SourceRecord> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = "c" + i;
            records.add(new SourceContact("test", id, NOW, "p" + i + "@acme.example.com", "P" + i, "Last" + i,
                    "Acme", null, null, null, null, Map.of()));
            records.add(new SourceActivity("test", "o" + i, Instant.parse("2024-05-30T08:00:00Z"), id, null,
                    ActivityType.EMAIL_OPEN, "May newsletter", null, null));
            records.add(new SourceActivity("test", "f" + i, Instant.parse("2024-05-30T09:00:00Z"), id, null,
                    ActivityType.FORM_FILL, "Register", "spring-webinar", null));
        }
        applier.apply(new SourcePage("test-source", records, List.of(), "c1", false));

        for (int i = 0; i < 20 && !Rows.of(daemon.database().dataSource(),
                "SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'").equals(List.of("0")); i++) {
            h.drain();
        }

        assertThat(Rows.of(daemon.database().dataSource(), "SELECT sobject, status, COUNT(*) FROM outbox "
                + "GROUP BY sobject, status ORDER BY sobject")).containsExactly("CampaignMember|SENT|4",
                "Isthmus_Touchpoint__c|SENT|4", "Lead|SENT|4", "Task|SENT|4");
        assertThat(sf.upsertCalls()).as("no collections call: every object went through a job").isZero();
        assertThat(sf.bulkCalls()).isGreaterThanOrEqualTo(4 * 8);
        Set<String> leadIds = sf.leads().values().stream().map(l -> l.path("Id").asText()).collect(Collectors.toSet());
        assertThat(sf.countsByObject()).containsEntry("CampaignMember", 4).containsEntry("Task", 4)
                .containsEntry("Isthmus_Touchpoint__c", 4);
        assertThat(sf.records("CampaignMember").values()).extracting(m -> m.path("LeadId").asText())
                .allSatisfy(id -> assertThat(leadIds).contains(id)).doesNotHaveDuplicates();
        assertThat(sf.records("Task").values()).extracting(t -> t.path("WhoId").asText())
                .allSatisfy(id -> assertThat(leadIds).contains(id));
        ObjectNode task = sf.records("Task").values().iterator().next();
        assertThat(task.path("Subject").asText()).isEqualTo("Marketing activity: 1 email open, 1 form fill");
    }
}
