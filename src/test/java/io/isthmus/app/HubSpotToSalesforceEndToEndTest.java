package io.isthmus.app;

import io.isthmus.testing.Rows;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation slice end to end: two HubSpot search pages (a duplicate by email, an invalid address, a contact
 * without last name) through the store and the outbox into one Salesforce collections upsert.
 */
class HubSpotToSalesforceEndToEndTest {

    private static final Instant NOW = Instant.parse("2024-05-02T09:00:00Z");
    private static final String UPSERT_PATH = "/services/data/v60.0/composite/sobjects/Lead/Isthmus_Buyer_Id__c";
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;
    private DaemonHarness h;
    private Daemon daemon;

    @BeforeEach
    void start() throws Exception {
        h = new DaemonHarness(dir);
        daemon = h.start(Map.of(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void pollThenDrain_sendsExactlyTheDeduplicatedLeadsInOneCollectionsCall() throws Exception {
        h.poll();
        h.drain();

        assertThat(h.salesforce.findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token")))).hasSize(1);
        List<LoggedRequest> upserts = h.salesforce.findAll(patchRequestedFor(urlPathEqualTo(UPSERT_PATH)));
        assertThat(upserts).hasSize(1);
        JsonNode body = json.readTree(upserts.get(0).getBodyAsString());
        assertThat(body.get("allOrNone").asBoolean()).isFalse();

        String alice = buyerIdByEmail("alice.martin@acme.example.com");
        String bob = buyerIdByEmail("bob.okafor@borealis.example.com");
        String dave = buyerIdByEmail("dave@delta.example.com");
        // The three are at example.com (the registrable domain of acme.example.com, borealis.example.com, …): one
        // account, formed for the first of them, not yet known to the CRM (no Isthmus_Account_Id__c).
        String account = "\"Isthmus_Account_Name__c\":\"Acme Analytics\","
                + "\"Isthmus_Account_Match__c\":\"email-domain 1.00\"";
        JsonNode expected = json.readTree("""
                {"allOrNone":false,"records":[
                 {"attributes":{"type":"Lead"},"Isthmus_Buyer_Id__c":"%s","Email":"alice.martin@acme.example.com",
                  "FirstName":"Alice","LastName":"Martin","Company":"Acme Analytics","Phone":"+33142685300",
                  "Title":"VP Marketing",%s,%s},
                 {"attributes":{"type":"Lead"},"Isthmus_Buyer_Id__c":"%s","Email":"bob.okafor@borealis.example.com",
                  "FirstName":"Bob","LastName":"Okafor","Company":"Borealis Logistics GmbH","Phone":"+49301234567",
                  "Title":"Data Engineer",%s,%s},
                 {"attributes":{"type":"Lead"},"Isthmus_Buyer_Id__c":"%s","Email":"dave@delta.example.com",
                  "FirstName":"Dave","Company":"Delta Fintech Ltd",%s,%s}
                ]}""".formatted(alice, account, lifecycle(15, 0, "+15 VP title"), bob, account, lifecycle(0, 0, ""),
                dave, account, lifecycle(0, 0, "")));
        assertThat(body).isEqualTo(expected);
        assertThat(h.hubspot.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/search"))))
                .hasSize(2);
    }

    @Test
    void rejectedRecord_goesToDeadLetters_whileTheRestOfItsBatchIsConfirmed() throws Exception {
        h.poll();
        h.drain();

        assertThat(rows("SELECT b.email, o.status, o.crm_id FROM outbox o JOIN buyer b ON b.id = o.buyer_id "
                + "ORDER BY o.id")).containsExactly(
                "alice.martin@acme.example.com|SENT|00Q5g00000AAAAAEA1",
                "bob.okafor@borealis.example.com|SENT|00Q5g00000AAAAAEA2",
                "dave@delta.example.com|DEAD|null");
        assertThat(rows("SELECT kind, origin, error_code, error_message FROM dead_letter ORDER BY id"))
                .containsExactly(
                        "SOURCE_RECORD|hubspot-contacts|INVALID_CONTACT|invalid email address 'carol@@cobalt.example.com'",
                        "CRM_RECORD|salesforce:Lead|REQUIRED_FIELD_MISSING|Required fields are missing: [LastName] "
                                + "(fields [\"LastName\"])");
        assertThat(rows("SELECT sobject, crm_id FROM crm_record ORDER BY crm_id"))
                .containsExactly("Lead|00Q5g00000AAAAAEA1", "Lead|00Q5g00000AAAAAEA2");

        // A second drain has nothing left to send: rows are not retried once confirmed or dead.
        h.drain();
        assertThat(h.salesforce.findAll(patchRequestedFor(urlPathEqualTo(UPSERT_PATH)))).hasSize(1);
    }

    @Test
    void duplicateByEmail_isMergedIntoOneBuyerWithBothSourceLinks() throws Exception {
        h.poll();

        assertThat(rows("SELECT COUNT(*) FROM buyer")).containsExactly("3");
        assertThat(rows("SELECT l.source_id, b.email FROM source_link l JOIN buyer b ON b.id = l.buyer_id "
                + "ORDER BY l.source_id")).containsExactly(
                "101|alice.martin@acme.example.com", "102|bob.okafor@borealis.example.com",
                "104|alice.martin@acme.example.com", "105|dave@delta.example.com");
        assertThat(rows("SELECT email_original, phone FROM buyer WHERE email = 'alice.martin@acme.example.com'"))
                .containsExactly("alice.martin@acme.example.com|+33142685300");
        assertThat(rows("SELECT event, COUNT(*) FROM buyer_audit GROUP BY event ORDER BY event"))
                .containsExactly("CREATED|3", "MERGED|1", "UPDATED|1");
    }

    /** The score and stage fields of a new Lead scored at NOW; a null clears the field in Salesforce. */
    private static String lifecycle(int fit, int engagement, String summary) {
        return ("\"Isthmus_Fit_Score__c\":%d,\"Isthmus_Engagement_Score__c\":%d,\"Isthmus_Score__c\":%d,"
                + "\"Isthmus_Score_Summary__c\":\"%s\",\"Isthmus_Stage__c\":\"Lead\","
                + "\"Isthmus_Stage_Date__c\":\"2024-05-02T09:00:00.000Z\",\"Isthmus_MQL_Date__c\":null,"
                + "\"Isthmus_SLA_Hours__c\":null").formatted(fit, engagement, fit + engagement, summary);
    }

    private String buyerIdByEmail(String email) throws Exception {
        List<String> r = rows("SELECT id FROM buyer WHERE email = '" + email + "'");
        assertThat(r).hasSize(1);
        return r.get(0);
    }

    private List<String> rows(String sql) throws Exception {
        return Rows.of(daemon.database().dataSource(), sql);
    }
}
