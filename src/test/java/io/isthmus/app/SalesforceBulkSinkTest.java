package io.isthmus.app;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.isthmus.app.SinkFixture.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Above the bulk threshold the sink runs a Bulk API 2.0 ingest job against the WireMock fixtures. */
class SalesforceBulkSinkTest {

    private static final String JOB = "/services/data/v60.0/jobs/ingest/7505g00000AbCdEAAA";

    @TempDir
    Path dir;
    private DaemonHarness h;
    private Daemon daemon;

    @BeforeEach
    void start() throws Exception {
        h = new DaemonHarness(dir);
        h.salesforceScenario("bulk-upsert-job");
        daemon = h.start(Map.of("isthmus.salesforce.bulkThreshold", "5"));
        SinkFixture.enqueue(daemon.database(), "buyer-1", lead("ann@acme.example.com", "Ann", "Lee", "Acme, Inc.",
                null, null));
        SinkFixture.enqueue(daemon.database(), "buyer-2", lead("ben@beta.example.com", "=HYPERLINK(\"http://x\")",
                "Bell", "Beta", null, null));
        SinkFixture.enqueue(daemon.database(), "buyer-3", lead("cy@cobalt.example.com", "Cy", "Cole", "Cobalt",
                "+33142685300", null));
        SinkFixture.enqueue(daemon.database(), "buyer-4", lead("dora@delta.example.com", "Dora", "Diaz", "Delta",
                null, "Head of\nData"));
        SinkFixture.enqueue(daemon.database(), "buyer-5", lead("eve@echo.example.com", "Eve", "Eck", "Echo", null,
                null));
        SinkFixture.enqueue(daemon.database(), "buyer-6", lead("fay@fjord.example.com", "Fay", "Fox", "Fjord", null,
                null));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void drain_aboveBulkThreshold_createsUploadsClosesAndPollsOneJob_thenStopsUntilTheNextDrain() {
        h.drain();

        List<String> calls = h.salesforce.findAll(anyRequestedFor(urlPathMatching("/services/data/.*"))).stream()
                .map(r -> r.getMethod() + " " + r.getUrl()).toList();
        assertThat(calls).containsExactly("POST /services/data/v60.0/jobs/ingest", "PUT " + JOB + "/batches",
                "PATCH " + JOB, "GET " + JOB);
    }

    @Test
    void upload_isRfc4180Csv_withFormulasNeutralisedAndPhoneNumbersKept() {
        h.drain();

        LoggedRequest upload = h.salesforce.findAll(putRequestedFor(urlPathEqualTo(JOB + "/batches"))).get(0);
        assertThat(upload.getBodyAsString()).isEqualTo("""
                Isthmus_Buyer_Id__c,Email,FirstName,LastName,Company,Phone,Title,Country,Website
                buyer-1,ann@acme.example.com,Ann,Lee,"Acme, Inc.",,,,
                buyer-2,ben@beta.example.com,"'=HYPERLINK(""http://x"")",Bell,Beta,,,,
                buyer-3,cy@cobalt.example.com,Cy,Cole,Cobalt,+33142685300,,,
                buyer-4,dora@delta.example.com,Dora,Diaz,Delta,,"Head of
                Data",,
                buyer-5,eve@echo.example.com,Eve,Eck,Echo,,,,
                buyer-6,fay@fjord.example.com,Fay,Fox,Fjord,,,,
                """);
    }

    @Test
    void finishedJob_confirmsShuffledSuccesses_deadLettersFailures_andRetriesLockedRows() throws Exception {
        h.drain();
        h.drain();

        assertThat(SinkFixture.rows(daemon.database(), "SELECT external_id, status, crm_id FROM outbox ORDER BY id"))
                .containsExactly("buyer-1|SENT|00Q5g00000BBBBBEA1", "buyer-2|SENT|00Q5g00000BBBBBEA2",
                        "buyer-3|DEAD|null", "buyer-4|SENT|00Q5g00000BBBBBEA4", "buyer-5|PENDING|null",
                        "buyer-6|SENT|00Q5g00000BBBBBEA6");
        assertThat(SinkFixture.rows(daemon.database(), "SELECT buyer_id, error_code, error_message FROM dead_letter"))
                .containsExactly("buyer-3|DUPLICATE_VALUE|duplicate value found: Email duplicates value on record "
                        + "with id: 00Q5g00000CCCCCEA1:Email");
        assertThat(SinkFixture.rows(daemon.database(),
                "SELECT last_error FROM outbox WHERE external_id = 'buyer-5'"))
                .containsExactly("UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record:--");
        assertThat(h.salesforce.findAll(anyRequestedFor(urlPathMatching("/services/data/.*")))).hasSize(8);
    }

    @Test
    void failedJob_deadLettersItsFailedRows_confirmsItsSuccesses_andGivesUnprocessedRowsBack() throws Exception {
        h.salesforceScenario("bulk-upsert-job-failed");

        h.drain();
        h.drain();

        assertThat(SinkFixture.rows(daemon.database(), "SELECT external_id, status FROM outbox ORDER BY id"))
                .containsExactly("buyer-1|SENT", "buyer-2|PENDING", "buyer-3|PENDING", "buyer-4|DEAD",
                        "buyer-5|PENDING", "buyer-6|SENT");
        assertThat(SinkFixture.rows(daemon.database(), "SELECT buyer_id, error_code FROM dead_letter"))
                .containsExactly("buyer-4|FIELD_CUSTOM_VALIDATION_EXCEPTION");
        assertThat(SinkFixture.rows(daemon.database(),
                "SELECT last_error FROM outbox WHERE external_id = 'buyer-2'").get(0))
                .startsWith("BULK_UNPROCESSED: not processed by bulk job 7505g00000AbCdEAAA (state Failed, "
                        + "InvalidBatch");
        assertThat(daemon.metrics().registry().get("isthmus_crm_api_usage").gauge().value()).isEqualTo(108.0);
    }
}
