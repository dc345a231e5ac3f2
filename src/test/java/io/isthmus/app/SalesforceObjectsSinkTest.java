package io.isthmus.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.isthmus.pipeline.PageApplier;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity;
import io.isthmus.source.SourceContact;
import io.isthmus.source.SourceRecord;
import io.isthmus.testing.Rows;
import io.isthmus.testing.SettableClock;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink beyond Leads, on the real daemon (routes, H2) against WireMock Salesforce: source pages go through the
 * real pipeline (PageApplier, LeadPublisher) and the sink route writes Leads, then Contacts, CampaignMembers, Task
 * digests and touchpoints, each by its external id with sObject Collections.
 */
class SalesforceObjectsSinkTest {

    private static final String V = "/services/data/v60.0/composite/sobjects/";
    private static final String LEAD = V + "Lead/Isthmus_Buyer_Id__c";
    private static final String CONTACT = V + "Contact/Isthmus_Buyer_Id__c";
    private static final String MEMBER = V + "CampaignMember/Isthmus_Key__c";
    private static final String TASK = V + "Task/Isthmus_Digest_Key__c";
    private static final String TOUCHPOINT = V + "Isthmus_Touchpoint__c/Isthmus_Key__c";
    private static final String CAMPAIGN = "7015g000000AbCdAAK";
    private static final Instant NOW = Instant.parse("2024-05-30T18:00:00Z");

    @TempDir
    Path dir;
    private DaemonHarness h;
    private Daemon daemon;
    private PageApplier applier;
    private final SettableClock clock = new SettableClock(NOW);
    private final ObjectMapper json = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private int pages;

    @BeforeEach
    void start() throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("salesforce-objects.yaml"), """
                campaign-member:
                  external-id: Isthmus_Key__c
                  activity-types: [form-fill, webinar-attended]
                  status: Responded
                  campaigns:
                    spring-webinar: %s
                """.formatted(CAMPAIGN));
        h = new DaemonHarness(dir);
        h.salesforceScenario("collections-upsert-every-object");
        daemon = h.start(Map.of("isthmus.model.dir", model.toString(), "isthmus.salesforce.backoffBase", "1s"),
                clock);
        applier = PipelineFixture.applier(daemon, model, clock);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void campaignMember_ofALeadCreatedInTheSameDrain_pointsToTheNewLeadId() throws Exception {
        page(ann(), act("a1", "2024-05-30T09:00:00Z", ActivityType.FORM_FILL, "Register", "spring-webinar"));

        h.drain();

        List<String> order = new ArrayList<>(h.salesforce.getAllServeEvents().stream()
                .map(e -> e.getRequest().getUrl()).filter(u -> u.startsWith(V)).toList());
        java.util.Collections.reverse(order);  // WireMock lists the newest first
        assertThat(order).containsSubsequence(LEAD, MEMBER);
        String leadId = rows("SELECT crm_id FROM crm_record WHERE sobject = 'Lead'").get(0);
        JsonNode member = records(MEMBER).get(0).get(0);
        assertThat(member.path("attributes").path("type").asText()).isEqualTo("CampaignMember");
        assertThat(member.path("Isthmus_Key__c").asText()).isEqualTo(buyer() + "/" + CAMPAIGN);
        assertThat(member.path("CampaignId").asText()).isEqualTo(CAMPAIGN);
        assertThat(member.path("Status").asText()).isEqualTo("Responded");
        assertThat(member.path("LeadId").asText()).isEqualTo(leadId).startsWith("00Q");
        assertThat(rows("SELECT sobject, status FROM outbox WHERE sobject IN ('Lead', 'CampaignMember') ORDER BY id"))
                .containsExactly("Lead|SENT", "CampaignMember|SENT");
    }

    @Test
    void severalOpensInOneDay_giveOneTaskDigest_andALaterOpenUpsertsTheSameTask() throws Exception {
        page(ann(), act("o1", "2024-05-30T08:00:00Z", ActivityType.EMAIL_OPEN, "May newsletter", null),
                act("o2", "2024-05-30T08:30:00Z", ActivityType.EMAIL_OPEN, "May newsletter", null),
                act("o3", "2024-05-30T09:00:00Z", ActivityType.EMAIL_OPEN, "Pricing update", null),
                act("p1", "2024-05-30T09:05:00Z", ActivityType.PAGE_VIEW, "https://acme.example.com/pricing", null),
                act("p2", "2024-05-30T09:07:00Z", ActivityType.PAGE_VIEW, "https://acme.example.com/pricing?x=1",
                        null),
                act("s1", "2024-05-30T09:00:00Z", ActivityType.EMAIL_SENT, "May newsletter", null));

        h.drain();

        List<List<JsonNode>> calls = records(TASK);
        assertThat(calls).hasSize(1);
        JsonNode task = calls.get(0).get(0);
        assertThat(calls.get(0)).hasSize(1);
        assertThat(task.path("Isthmus_Digest_Key__c").asText()).isEqualTo(buyer() + "/day/2024-05-30");
        assertThat(task.path("Subject").asText()).isEqualTo("Marketing activity: 3 email opens, pricing page ×2");
        assertThat(task.path("ActivityDate").asText()).isEqualTo("2024-05-30");
        assertThat(task.path("Status").asText()).isEqualTo("Completed");
        assertThat(task.path("Priority").asText()).isEqualTo("Normal");
        assertThat(task.path("WhoId").asText())
                .isEqualTo(rows("SELECT crm_id FROM crm_record WHERE sobject = 'Lead'").get(0));

        clock.advance(Duration.ofHours(1));
        page(ann(), act("o4", "2024-05-30T17:00:00Z", ActivityType.EMAIL_OPEN, "Webinar invite", null));
        h.drain();
        page(ann(), act("o4", "2024-05-30T17:00:00Z", ActivityType.EMAIL_OPEN, "Webinar invite", null));
        h.drain();

        calls = records(TASK);
        assertThat(calls).as("the replayed page changes nothing, so it sends nothing").hasSize(2);
        assertThat(calls.get(1)).singleElement().satisfies(t -> {
            assertThat(t.path("Isthmus_Digest_Key__c").asText()).isEqualTo(buyer() + "/day/2024-05-30");
            assertThat(t.path("Subject").asText()).isEqualTo("Marketing activity: 4 email opens, pricing page ×2");
        });
        assertThat(rows("SELECT COUNT(*) FROM crm_record WHERE sobject = 'Task'")).containsExactly("1");
    }

    @Test
    void touchpoints_carryTheTouchAndEveryConfiguredModelsCredit() throws Exception {
        page(ann(), act("w1", "2024-05-20T09:00:00Z", ActivityType.WEBINAR_ATTENDED, "Pipeline webinar", null),
                act("f1", "2024-05-25T09:00:00Z", ActivityType.FORM_FILL, "Request a demo", "spring-webinar"),
                act("v1", "2024-05-28T09:00:00Z", ActivityType.PAGE_VIEW, "https://acme.example.com/pricing", null));

        h.drain();

        List<JsonNode> tps = records(TOUCHPOINT).get(0);
        assertThat(tps).hasSize(3);
        assertThat(tps).extracting(t -> t.path("Isthmus_Key__c").asText()).containsExactly(
                "test:w1", "test:f1", "test:v1");
        assertThat(tps).extracting(t -> t.path("Isthmus_Activity_Type__c").asText())
                .containsExactly("webinar-attended", "form-fill", "page-view");
        assertThat(tps.get(0).path("Isthmus_Buyer_Id__c").asText()).isEqualTo(buyer());
        assertThat(tps.get(0).path("Isthmus_Occurred_At__c").asText()).isEqualTo("2024-05-20T09:00:00Z");
        assertThat(tps.get(1).path("Isthmus_Campaign__c").asText()).isEqualTo("spring-webinar");
        assertThat(tps).extracting(t -> t.path("Isthmus_First_Touch__c").doubleValue())
                .containsExactly(1.0, 0.0, 0.0);
        assertThat(tps).extracting(t -> t.path("Isthmus_Linear__c").doubleValue())
                .containsExactly(0.333334, 0.333333, 0.333333);
        for (String model : List.of("Isthmus_Last_Touch__c", "Isthmus_U_Shaped__c", "Isthmus_W_Shaped__c",
                "Isthmus_Full_Path__c", "Isthmus_Time_Decay__c")) {
            assertThat(tps.stream().map(t -> t.path(model).decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .as(model).isEqualByComparingTo("1");
        }
        assertThat(rows("SELECT status, COUNT(*) FROM outbox WHERE sobject = 'Isthmus_Touchpoint__c' GROUP BY status"))
                .containsExactly("SENT|3");

        // A touch after lead creation is no part of the buyer's journey: its record shows it with no credit, and
        // the journey's records, unchanged, are not sent again.
        clock.advance(Duration.ofDays(1));
        page(ann(), act("w2", "2024-05-31T09:00:00Z", ActivityType.WEBINAR_ATTENDED, "Pricing webinar", null));
        h.drain();

        List<List<JsonNode>> calls = records(TOUCHPOINT);
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1)).singleElement().satisfies(t -> {
            assertThat(t.path("Isthmus_Key__c").asText()).isEqualTo("test:w2");
            assertThat(t.path("Isthmus_Linear__c").doubleValue()).isZero();
            assertThat(t.path("Isthmus_First_Touch__c").doubleValue()).isZero();
        });
    }

    @Test
    void aWonOpportunityReadBack_getsTouchpointsWithEachModelsShareOfTheAmount() throws Exception {
        page(ann(), act("w1", "2024-05-20T09:00:00Z", ActivityType.WEBINAR_ATTENDED, "Pipeline webinar", null),
                act("f1", "2024-05-25T09:00:00Z", ActivityType.FORM_FILL, "Request a demo", "spring-webinar"));
        h.drain();
        stubConversion("\"0065g00000DDDDDAA1\"");
        h.salesforce.stubFor(get(urlPathMatching("/services/data/v60.0/query")).atPriority(1).withQueryParam("q",
                containing("FROM Opportunity")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json;charset=UTF-8").withBody("""
                        {"totalSize":1,"done":true,"records":[
                         {"attributes":{"type":"Opportunity","url":"/services/data/v60.0/sobjects/Opportunity/0065g00000DDDDDAA1"},
                          "Id":"0065g00000DDDDDAA1","StageName":"Closed Won","IsClosed":true,"IsWon":true,
                          "Amount":12000.0,"CloseDate":"2024-05-30","CreatedDate":"2024-05-28T08:20:00.000+0000",
                          "SystemModstamp":"2024-05-30T17:30:00.000+0000"}]}
                        """)));

        h.readBack();
        h.drain();

        List<JsonNode> opp = records(TOUCHPOINT).stream().flatMap(List::stream)
                .filter(t -> t.path("Isthmus_Opportunity_Id__c").asText().equals("0065g00000DDDDDAA1")).toList();
        assertThat(opp).extracting(t -> t.path("Isthmus_Key__c").asText())
                .containsExactly("0065g00000DDDDDAA1/test:w1", "0065g00000DDDDDAA1/test:f1");
        assertThat(opp).extracting(t -> t.path("Isthmus_Linear_Revenue__c").decimalValue())
                .allSatisfy(v -> assertThat(v).isEqualByComparingTo("6000"));
        assertThat(opp).extracting(t -> t.path("Isthmus_First_Touch_Revenue__c").decimalValue())
                .usingComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .containsExactly(new BigDecimal("12000"), BigDecimal.ZERO);
        assertThat(opp.get(0).path("Isthmus_Buyer_Id__c").asText()).isEqualTo(buyer());
        assertThat(rows("SELECT COUNT(*) FROM crm_record WHERE sobject = 'Isthmus_Touchpoint__c'"))
                .containsExactly("4");
    }

    @Test
    void afterAConversionIsReadBack_theBuyersWritesGoToTheContact() throws Exception {
        page(ann(), act("o1", "2024-05-30T08:00:00Z", ActivityType.EMAIL_OPEN, "May newsletter", null));
        h.drain();
        stubConversion();

        h.readBack();
        clock.advance(Duration.ofDays(1));
        page(ann(), act("o2", "2024-05-31T08:00:00Z", ActivityType.EMAIL_OPEN, "June newsletter", null));
        int leadCalls = records(LEAD).size();
        h.drain();

        assertThat(rows("SELECT converted, contact_id FROM buyer_crm")).containsExactly("TRUE|0035g00000BBBBBAA1");
        assertThat(records(LEAD)).as("no write to the converted Lead").hasSize(leadCalls);
        JsonNode contact = records(CONTACT).get(0).get(0);
        assertThat(contact.path("Isthmus_Buyer_Id__c").asText()).isEqualTo(buyer());
        assertThat(contact.path("LastName").asText()).isEqualTo("Lee");
        assertThat(contact.has("Company")).isFalse();
        List<List<JsonNode>> tasks = records(TASK);
        assertThat(tasks.get(tasks.size() - 1)).singleElement().satisfies(t -> {
            assertThat(t.path("Isthmus_Digest_Key__c").asText()).isEqualTo(buyer() + "/day/2024-05-31");
            assertThat(t.path("WhoId").asText()).isEqualTo("0035g00000BBBBBAA1");
        });
        assertThat(rows("SELECT sobject, status FROM outbox WHERE status <> 'SENT'")).isEmpty();
    }

    @Test
    void aRefusedTask_goesToDeadLetters_whileTheOtherRecordsOfThatCallAndOtherObjectsAreConfirmed() throws Exception {
        h.salesforceScenario("collections-task-one-refused");
        page(ann(), act("o1", "2024-05-30T08:00:00Z", ActivityType.EMAIL_OPEN, "May newsletter", null));
        page(ben(), act("o2", "2024-05-30T08:10:00Z", ActivityType.EMAIL_OPEN, "May newsletter", null),
                act("f2", "2024-05-30T08:20:00Z", ActivityType.FORM_FILL, "Register", "spring-webinar"));

        h.drain();

        assertThat(rows("SELECT sobject, status FROM outbox ORDER BY sobject, id")).containsExactly(
                "CampaignMember|SENT", "Isthmus_Touchpoint__c|SENT", "Lead|SENT", "Lead|SENT", "Task|SENT",
                "Task|DEAD");
        assertThat(rows("SELECT origin, error_code FROM dead_letter"))
                .containsExactly("salesforce:Task|INVALID_CROSS_REFERENCE_KEY");
    }

    @Test
    void aLockedLead_holdsBackOnlyItsOwnBuyersRecords_untilSalesforceConfirmsIt() throws Exception {
        h.salesforceScenario("collections-lead-locked-once");
        page(ann(), act("f1", "2024-05-30T08:00:00Z", ActivityType.FORM_FILL, "Register", "spring-webinar"));
        page(ben(), act("f2", "2024-05-30T08:20:00Z", ActivityType.FORM_FILL, "Register", "spring-webinar"));

        h.drain();

        // The touchpoint has no Lead lookup configured (the default), so it does not wait for the Lead.
        assertThat(rows("SELECT sobject, status, last_error FROM outbox WHERE buyer_id = '" + buyer("ben") + "' "
                + "ORDER BY id")).containsExactly(
                "Lead|PENDING|UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record",
                "CampaignMember|PENDING|WAITING_FOR_PARENT: the buyer's Lead has no Salesforce id yet",
                "Task|PENDING|WAITING_FOR_PARENT: the buyer's Lead has no Salesforce id yet",
                "Isthmus_Touchpoint__c|SENT|null");
        assertThat(rows("SELECT status FROM outbox WHERE buyer_id = '" + buyer("ann") + "'"))
                .isNotEmpty().containsOnly("SENT");
        assertThat(records(MEMBER)).singleElement().satisfies(call -> assertThat(call).singleElement()
                .satisfies(m -> assertThat(m.path("LeadId").asText()).isEqualTo("00Q5g00000LLLLLAA1")));

        clock.advance(Duration.ofSeconds(5));
        h.drain();

        assertThat(rows("SELECT status FROM outbox")).containsOnly("SENT");
        assertThat(records(MEMBER)).hasSize(2);
        assertThat(rows("SELECT COUNT(*) FROM dead_letter")).containsExactly("0");
    }

    @Test
    void aRefusedLead_sendsItsBuyersTasksAndMembersToDeadLetters_insteadOfLettingThemWaitForNothing()
            throws Exception {
        h.salesforceScenario("collections-lead-one-refused");
        page(ann(), act("f1", "2024-05-30T08:00:00Z", ActivityType.FORM_FILL, "Register", "spring-webinar"));
        page(ben(), act("f2", "2024-05-30T08:20:00Z", ActivityType.FORM_FILL, "Register", "spring-webinar"));

        h.drain();

        assertThat(rows("SELECT sobject, status, last_error FROM outbox WHERE buyer_id = '" + buyer("ben") + "' "
                + "AND sobject <> 'Isthmus_Touchpoint__c' ORDER BY id")).containsExactly(
                "Lead|DEAD|FIELD_CUSTOM_VALIDATION_EXCEPTION: Company is required for Leads from marketing "
                        + "(fields [\"Company\"])",
                "CampaignMember|DEAD|PARENT_NOT_IN_CRM: the buyer's Lead is not in Salesforce and none is queued "
                        + "(refused? see its dead letter); retry this record after the Lead is sent",
                "Task|DEAD|PARENT_NOT_IN_CRM: the buyer's Lead is not in Salesforce and none is queued "
                        + "(refused? see its dead letter); retry this record after the Lead is sent");
        assertThat(rows("SELECT error_code FROM dead_letter ORDER BY id")).containsExactly(
                "FIELD_CUSTOM_VALIDATION_EXCEPTION", "PARENT_NOT_IN_CRM", "PARENT_NOT_IN_CRM");
        assertThat(rows("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'")).containsExactly("0");
    }

    private void stubConversion() throws Exception {
        stubConversion("null");
    }

    private void stubConversion(String opportunityId) throws Exception {
        h.salesforce.stubFor(get(urlPathEqualTo("/services/data/v60.0/query")).withQueryParam("q",
                containing("FROM Lead")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withHeader("Sforce-Limit-Info", "api-usage=50/15000").withBody("""
                        {"totalSize":1,"done":true,"records":[
                         {"attributes":{"type":"Lead","url":"/services/data/v60.0/sobjects/Lead/00Q5g00000AAAAAEA1"},
                          "Id":"00Q5g00000AAAAAEA1","Isthmus_Buyer_Id__c":"%s","Status":"Qualified","IsConverted":true,
                          "ConvertedContactId":"0035g00000BBBBBAA1","ConvertedAccountId":"0015g00000CCCCCAA1",
                          "ConvertedOpportunityId":%s,"SystemModstamp":"2024-05-30T17:00:00.000+0000",
                          "Email":"ann@acme.example.com","FirstName":"Ann","LastName":"Lee","Company":"Acme"}]}
                        """.formatted(buyer(), opportunityId))));
        h.salesforce.stubFor(get(urlPathMatching("/services/data/v60.0/query")).withQueryParam("q",
                containing("FROM Opportunity")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody("{\"totalSize\":0,\"done\":true,\"records\":[]}")));
    }

    private static SourceContact ann() {
        return new SourceContact("test", "ann", NOW, "ann@acme.example.com", "Ann", "Lee", "Acme", null, null, null,
                null, Map.of());
    }

    private static SourceContact ben() {
        return new SourceContact("test", "ben", NOW, "ben@beta.example.com", "Ben", "Bell", "Beta", null, null, null,
                null, Map.of());
    }

    /** An activity of the contact given with it on the page (contact ref = its source id). */
    private static SourceActivity act(String id, String at, ActivityType type, String asset, String campaign) {
        return new SourceActivity("test", id, Instant.parse(at), null, null, type, asset, campaign,
                new SourceActivity.Utm(null, null, campaign, null, null));
    }

    private void page(SourceContact contact, SourceActivity... activities) {
        List<SourceRecord> records = new ArrayList<>();
        records.add(contact);
        for (SourceActivity a : activities) {
            records.add(new SourceActivity(a.system(), a.sourceId(), a.occurredAt(), contact.sourceId(), null,
                    a.type(), a.asset(), a.campaign(), a.utm()));
        }
        applier.apply(new SourcePage("test-source", records, List.of(), "c" + (++pages), false));
    }

    private String buyer() throws Exception {
        return buyer("ann");
    }

    private String buyer(String sourceId) throws Exception {
        return rows("SELECT buyer_id FROM source_link WHERE system = 'test' AND source_id = '" + sourceId + "'")
                .get(0);
    }

    /** The records of every collections call to {@code path}, call by call. */
    private List<List<JsonNode>> records(String path) throws Exception {
        List<List<JsonNode>> out = new ArrayList<>();
        List<LoggedRequest> calls = new ArrayList<>(h.salesforce.findAll(patchRequestedFor(urlPathEqualTo(path))));
        for (LoggedRequest r : calls) {
            List<JsonNode> recs = new ArrayList<>();
            json.readTree(r.getBodyAsString()).path("records").forEach(recs::add);
            out.add(recs);
        }
        return out;
    }

    private List<String> rows(String sql) throws Exception {
        return Rows.of(daemon.database().dataSource(), sql);
    }
}
