package io.isthmus.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dry-run shows field-level CRM changes from a fresh poll and writes nothing: not to the CRM, not to the store. */
class DryRunTest {

    @TempDir
    Path dir;

    @Test
    void dryRun_printsOldAndNewValues_andLeavesStoreAndCrmUntouched() throws Exception {
        try (DaemonHarness h = new DaemonHarness(dir)) {
            h.start(Map.of());
            h.poll();
            h.drain();
            h.stopDaemon();
            byte[] storeBefore = Files.readAllBytes(dir.resolve("isthmus.mv.db"));
            int sfCallsBefore = h.salesforce.findAll(anyRequestedFor(anyUrl())).size();
            // Alice changed her title in HubSpot since the last poll.
            String page = Files.readString(Path.of("src/test/resources/wiremock/hubspot/__files/hubspot/"
                    + "contacts-page-1.json")).replace("\"VP Marketing\"", "\"Chief Marketing Officer\"")
                    // A real edit moves lastmodifieddate past every other source record of the buyer.
                    .replace("\"2024-05-01T10:00:01.234Z\"", "\"2024-05-01T11:00:00.000Z\"");
            h.hubspot.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/search")).atPriority(0)
                    .withRequestBody(matchingJsonPath("$.filterGroups[0].filters[?(@.propertyName == "
                            + "'hs_object_id' && @.value == '0')]"))
                    .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(page)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            int changed = new DryRun().run(null, h.settings(), new PrintStream(out, true, StandardCharsets.UTF_8));

            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(changed).isEqualTo(1);
            assertThat(text).containsPattern("update Lead [0-9a-f-]{36}")
                    .containsPattern("Title\\s+\"VP Marketing\" → \"Chief Marketing Officer\"")
                    .contains("would send: 0 creates, 1 updates, 1 field changes");
            assertThat(h.salesforce.findAll(anyRequestedFor(anyUrl()))).hasSize(sfCallsBefore);
            assertThat(Files.readAllBytes(dir.resolve("isthmus.mv.db"))).isEqualTo(storeBefore);
        }
    }
}
