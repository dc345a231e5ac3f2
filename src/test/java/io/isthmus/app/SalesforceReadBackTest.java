package io.isthmus.app;

import io.isthmus.testing.Rows;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closed loop: Lead Status, conversion and Opportunity outcomes read back with SOQL (paged with
 * nextRecordsUrl) move the buyers' stages, and the new stage goes back to the CRM through the outbox.
 */
class SalesforceReadBackTest {

    private static final String QUERY = "/services/data/v60.0/query";
    private static final String NEXT = "/services/data/v60.0/query/01gD0000002HU6KIAW-2000";

    @TempDir
    Path dir;
    private DaemonHarness h;
    private Daemon daemon;
    private String alice;
    private String bob;

    @BeforeEach
    void start() throws Exception {
        h = new DaemonHarness(dir);
        daemon = h.start(Map.of(), Clock.fixed(Instant.parse("2024-05-02T09:00:00Z"), ZoneOffset.UTC));
        h.poll();
        h.drain();
        alice = rows("SELECT id FROM buyer WHERE email = 'alice.martin@acme.example.com'").get(0);
        bob = rows("SELECT id FROM buyer WHERE email = 'bob.okafor@borealis.example.com'").get(0);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private void stubQueries() {
        h.salesforce.stubFor(get(urlPathEqualTo(QUERY)).withQueryParam("q", containing("FROM Lead"))
                .willReturn(json("""
                        {"totalSize":2,"done":false,"nextRecordsUrl":"%s","records":[
                         {"attributes":{"type":"Lead","url":"/services/data/v60.0/sobjects/Lead/00Q5g00000AAAAAEA1"},
                          "Id":"00Q5g00000AAAAAEA1","Isthmus_Buyer_Id__c":"%s","Status":"Working - Contacted",
                          "IsConverted":false,"ConvertedContactId":null,"ConvertedAccountId":null,
                          "ConvertedOpportunityId":null,"SystemModstamp":"2024-05-02T08:10:00.000+0000",
                          "Email":"alice.martin@acme.example.com","FirstName":"Alicia","LastName":"Martin",
                          "Company":"Acme Analytics","Phone":"+33 1 99 99 99 99"}]}
                        """.formatted(NEXT, alice))));
        h.salesforce.stubFor(get(urlPathEqualTo(NEXT)).willReturn(json("""
                {"totalSize":2,"done":true,"records":[
                 {"attributes":{"type":"Lead","url":"/services/data/v60.0/sobjects/Lead/00Q5g00000AAAAAEA2"},
                  "Id":"00Q5g00000AAAAAEA2","Isthmus_Buyer_Id__c":"%s","Status":"Qualified","IsConverted":true,
                  "ConvertedContactId":"0035g00000BBBBBAA1","ConvertedAccountId":"0015g00000CCCCCAA1",
                  "ConvertedOpportunityId":"0065g00000DDDDDAA1","SystemModstamp":"2024-05-02T08:20:00.000+0000"}]}
                """.formatted(bob))));
        h.salesforce.stubFor(get(urlPathEqualTo(QUERY)).withQueryParam("q", containing("FROM Opportunity"))
                .willReturn(json("""
                        {"totalSize":1,"done":true,"records":[
                         {"attributes":{"type":"Opportunity","url":"/services/data/v60.0/sobjects/Opportunity/0065g00000DDDDDAA1"},
                          "Id":"0065g00000DDDDDAA1","StageName":"Closed Won","IsClosed":true,"IsWon":true,
                          "Amount":12000.0,"CloseDate":"2024-05-02","CreatedDate":"2024-05-02T08:20:00.000+0000",
                          "SystemModstamp":"2024-05-02T08:30:00.000+0000"}]}
                        """)));
    }

    @Test
    void readBack_movesStagesFromLeadStatusConversionAndClosedWon() throws Exception {
        stubQueries();

        h.readBack();

        assertThat(rows("SELECT buyer_id, from_stage, to_stage FROM stage_transition WHERE at >= TIMESTAMP "
                + "'2024-05-02 08:00:00+00' AND to_stage <> 'LEAD' ORDER BY id")).containsExactly(
                alice + "|LEAD|SQL", bob + "|LEAD|SQL", bob + "|SQL|OPPORTUNITY", bob + "|OPPORTUNITY|CUSTOMER");
        assertThat(rows("SELECT lead_status, contact_id, account_id, opportunity_id, converted FROM buyer_crm "
                + "WHERE buyer_id = '" + bob + "'")).containsExactly(
                "Qualified|0035g00000BBBBBAA1|0015g00000CCCCCAA1|0065g00000DDDDDAA1|TRUE");
        assertThat(rows("SELECT stage_name, is_won, amount, close_date FROM crm_opportunity"))
                .containsExactly("Closed Won|TRUE|12000.00|2024-05-02");
        // Alice's new stage is queued for her Lead; Bob's Lead is converted, so his go to the Contact it became.
        // Every buyer of the fixtures is at example.com (the registrable domain of acme.example.com and
        // borealis.example.com), so they share one account; Bob's conversion gave it its CRM Account id, and Dave,
        // on the same account, is republished with it too.
        String dave = rows("SELECT id FROM buyer WHERE email = 'dave@delta.example.com'").get(0);
        assertThat(rows("SELECT buyer_id, sobject FROM outbox WHERE status = 'PENDING' ORDER BY id"))
                .containsExactlyInAnyOrder(alice + "|Lead", bob + "|Contact", dave + "|Lead");
        assertThat(rows("SELECT a.crm_account_id, ba.rule FROM buyer_account ba JOIN account a ON a.id = "
                + "ba.account_id WHERE ba.buyer_id = '" + dave + "'")).containsExactly("0015g00000CCCCCAA1|email-domain");
        assertThat(rows("SELECT payload FROM outbox WHERE status = 'PENDING' AND buyer_id = '" + dave + "'"))
                .singleElement().asString().contains("\"Isthmus_Account_Id__c\":\"0015g00000CCCCCAA1\"")
                .contains("\"Isthmus_Account_Match__c\":\"email-domain 1.00\"");
        assertThat(rows("SELECT payload FROM outbox WHERE status = 'PENDING' AND sobject = 'Contact'"))
                .singleElement().asString().contains("\"Isthmus_Stage__c\":\"Customer\"")
                .doesNotContain("\"Company\"");
        assertThat(rows("SELECT buyer_id, payload FROM outbox WHERE status = 'PENDING' AND sobject = 'Lead' "
                + "AND buyer_id = '" + alice + "'")).singleElement().asString().startsWith(alice + "|").contains("\"Isthmus_Stage__c\":\"SQL\"")
                // Phone is crm-unless-blank: the CRM has one, so isthmus does not write it back.
                .doesNotContain("\"Phone\"").contains("\"FirstName\":\"Alice\"");
        // Inbound: the phone sales entered replaces the buyer's; the first name (never-blank) stays.
        assertThat(rows("SELECT first_name, phone FROM buyer WHERE id = '" + alice + "'"))
                .containsExactly("Alice|+33 1 99 99 99 99");
        assertThat(rows("SELECT cursor_value FROM source_watermark WHERE source = 'salesforce-leads'"))
                .containsExactly("{\"since\":\"2024-05-02T08:20:00Z\",\"next\":null,\"maxSeen\":null}");
    }

    @Test
    void secondReadBack_queriesSinceTheWatermark_andMovesNothingAgain() throws Exception {
        stubQueries();
        h.readBack();
        long before = Long.parseLong(rows("SELECT COUNT(*) FROM stage_transition").get(0));

        h.readBack();

        List<LoggedRequest> leadQueries = h.salesforce.findAll(getRequestedFor(urlPathEqualTo(QUERY))
                .withQueryParam("q", containing("FROM Lead")));
        assertThat(leadQueries).hasSize(2);
        assertThat(leadQueries.get(0).queryParameter("q").firstValue()).doesNotContain("SystemModstamp >=");
        assertThat(leadQueries.get(1).queryParameter("q").firstValue()).isEqualTo("SELECT Id, Isthmus_Buyer_Id__c, "
                + "Status, IsConverted, ConvertedContactId, ConvertedAccountId, ConvertedOpportunityId, "
                + "SystemModstamp, Email, FirstName, LastName, Company, Phone FROM Lead WHERE Isthmus_Buyer_Id__c != null AND SystemModstamp >= "
                + "2024-05-02T08:18:00Z ORDER BY SystemModstamp, Id");
        assertThat(rows("SELECT COUNT(*) FROM stage_transition")).containsExactly(Long.toString(before));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json;charset=UTF-8")
                .withHeader("Sforce-Limit-Info", "api-usage=21/15000").withBody(body);
    }

    private List<String> rows(String sql) throws Exception {
        return Rows.of(daemon.database().dataSource(), sql);
    }
}
