package io.isthmus.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.isthmus.testing.Rows;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CRM Accounts read back (SOQL on Account since the cursor, paged with nextRecordsUrl): one whose website has an
 * isthmus account's domain links that account to its CRM id, and the buyers on it are republished so their next
 * Lead write carries the id; one isthmus does not know becomes a new account.
 */
class SalesforceAccountsReadBackTest {

    private static final String QUERY = "/services/data/v60.0/query";
    private static final String NEXT = "/services/data/v60.0/query/01gD0000002HU7AIAW-2000";
    private static final String LEADS = "/services/data/v60.0/composite/sobjects/Lead/Isthmus_Buyer_Id__c";

    @TempDir
    Path dir;
    private DaemonHarness h;
    private Daemon daemon;

    @BeforeEach
    void start() throws Exception {
        h = new DaemonHarness(dir);
        daemon = h.start(Map.of(), Clock.fixed(Instant.parse("2024-05-02T09:00:00Z"), ZoneOffset.UTC));
        h.poll();
        h.drain();
        h.salesforce.stubFor(get(urlPathEqualTo(QUERY)).withQueryParam("q", containing("FROM Lead"))
                .willReturn(json("{\"totalSize\":0,\"done\":true,\"records\":[]}")));
        h.salesforce.stubFor(get(urlPathEqualTo(QUERY)).withQueryParam("q", containing("FROM Opportunity"))
                .willReturn(json("{\"totalSize\":0,\"done\":true,\"records\":[]}")));
        h.salesforce.stubFor(get(urlPathEqualTo(QUERY)).withQueryParam("q", containing("FROM Account"))
                .willReturn(json("""
                        {"totalSize":2,"done":false,"nextRecordsUrl":"%s","records":[
                         {"attributes":{"type":"Account","url":"/services/data/v60.0/sobjects/Account/0015g00000AAAAAAA1"},
                          "Id":"0015g00000AAAAAAA1","Name":"Acme Analytics, Inc.","Website":"https://www.example.com",
                          "SystemModstamp":"2024-05-02T08:40:00.000+0000"}]}
                        """.formatted(NEXT))));
        h.salesforce.stubFor(get(urlPathEqualTo(NEXT)).willReturn(json("""
                {"totalSize":2,"done":true,"records":[
                 {"attributes":{"type":"Account","url":"/services/data/v60.0/sobjects/Account/0015g00000AAAAAAA2"},
                  "Id":"0015g00000AAAAAAA2","Name":"Northwind Traders","Website":"northwind-traders.com",
                  "SystemModstamp":"2024-05-02T08:45:00.000+0000"}]}
                """)));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void crmAccountWithAnAccountsDomain_linksItsId_andTheNextLeadWriteCarriesIt() throws Exception {
        // The fixtures' buyers are all at example.com: one account, not yet known to the CRM.
        assertThat(rows("SELECT name, crm_account_id FROM account")).containsExactly("Acme Analytics|null");
        List<String> onIt = rows("SELECT buyer_id FROM buyer_account ORDER BY buyer_id");
        assertThat(onIt).hasSizeGreaterThanOrEqualTo(2);
        h.salesforce.resetRequests();

        h.readBack();

        assertThat(rows("SELECT name, crm_account_id, origin FROM account ORDER BY name")).containsExactly(
                "Acme Analytics|0015g00000AAAAAAA1|email-domain", "Northwind Traders|0015g00000AAAAAAA2|crm");
        assertThat(rows("SELECT domain FROM account_domain ORDER BY domain"))
                .containsExactly("example.com", "northwind-traders.com");
        assertThat(rows("SELECT buyer_id FROM outbox WHERE status = 'PENDING' AND sobject = 'Lead' ORDER BY buyer_id"))
                .containsExactlyElementsOf(onIt);

        h.drain();

        List<LoggedRequest> writes = h.salesforce.findAll(patchRequestedFor(urlPathEqualTo(LEADS)));
        assertThat(writes).isNotEmpty();
        assertThat(writes.get(writes.size() - 1).getBodyAsString())
                .contains("\"Isthmus_Account_Id__c\":\"0015g00000AAAAAAA1\"")
                .contains("\"Isthmus_Account_Match__c\":\"email-domain 1.00\"");
        assertThat(rows("SELECT cursor_value FROM source_watermark WHERE source = 'salesforce-accounts'"))
                .containsExactly("{\"since\":\"2024-05-02T08:45:00Z\",\"next\":null,\"maxSeen\":null}");
    }

    @Test
    void secondReadBack_queriesAccountsSinceTheCursor_andLinksNothingTwice() throws Exception {
        h.readBack();
        h.drain();
        long pending = Long.parseLong(rows("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'").get(0));

        h.readBack();

        List<LoggedRequest> queries = h.salesforce.findAll(getRequestedFor(urlPathEqualTo(QUERY))
                .withQueryParam("q", containing("FROM Account")));
        assertThat(queries).hasSize(2);
        assertThat(queries.get(0).queryParameter("q").firstValue())
                .isEqualTo("SELECT Id, Name, Website, SystemModstamp FROM Account ORDER BY SystemModstamp, Id");
        assertThat(queries.get(1).queryParameter("q").firstValue()).isEqualTo("SELECT Id, Name, Website, "
                + "SystemModstamp FROM Account WHERE SystemModstamp >= 2024-05-02T08:43:00Z ORDER BY SystemModstamp, Id");
        assertThat(rows("SELECT COUNT(*) FROM account")).containsExactly("2");
        assertThat(rows("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'"))
                .containsExactly(Long.toString(pending));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json;charset=UTF-8")
                .withHeader("Sforce-Limit-Info", "api-usage=22/15000").withBody(body);
    }

    private List<String> rows(String sql) throws Exception {
        return Rows.of(daemon.database().dataSource(), sql);
    }
}
