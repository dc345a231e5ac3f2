package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code ./isthmus demo}, as users run it: three poll cycles against the in-process
 * HubSpot and Salesforce simulators, ending with an empty outbox and every kind of CRM object written.
 */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void demo_runsItsThreeCycles_writesEveryObjectToTheSimulatedOrg_andEndsWithAnEmptyOutbox() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Isthmus.execute(new String[] {"demo", "--data", dir.resolve("demo").toString(), "--routes", "routes"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).contains("poll cycle 1 (full load) done", "poll cycle 2 (20 changed, 10 new contacts) done",
                "poll cycle 3 (no source changes; 5 Leads converted in Salesforce) done",
                "read-back: 5 conversions taken in", "Outbox       0 pending");
        assertThat(text).containsPattern("in the simulated org: \\{Contact=5, Isthmus_Touchpoint__c=\\d+, Lead=\\d+, "
                + "Opportunity=3, Task=\\d+}");
        assertThat(text).contains("read-back: 3 Opportunities (won, open, lost); the won deal's buyer is a Customer");
        assertThat(text).containsPattern("Refused      \\d+ source records to dead letters");
    }
}
