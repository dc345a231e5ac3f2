package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.ops.LogLayout;
import io.isthmus.pipeline.PageApplier;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Log lines about one record, written by the real daemon, carry the buyer id and the route id, in both formats. */
class RecordLoggingTest {

    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger isthmus = (Logger) LoggerFactory.getLogger("io.isthmus");
    private final Logger applier = (Logger) LoggerFactory.getLogger(PageApplier.class);
    private final Logger sink = (Logger) LoggerFactory.getLogger("io.isthmus.crm.OutboxSettlement");

    @BeforeEach
    void capture() {
        captured.setContext(isthmus.getLoggerContext());
        captured.start();
        isthmus.addAppender(captured);
        applier.setLevel(Level.DEBUG);
        sink.setLevel(Level.DEBUG);
    }

    @AfterEach
    void release() {
        isthmus.detachAppender(captured);
        applier.setLevel(null);
        sink.setLevel(null);
    }

    @Test
    void recordLines_fromPollAndDrain_carryBuyerIdAndRouteId_andJsonLinesHoldThem() throws Exception {
        try (DaemonHarness h = new DaemonHarness(dir)) {
            Daemon daemon = h.start(Map.of());
            h.poll();
            h.drain();
            String refusedBuyer = daemon.database().inTransaction(c -> {
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT buyer_id FROM dead_letter WHERE error_code = 'REQUIRED_FIELD_MISSING'")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            List<String> buyers = daemon.database().inTransaction(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT id FROM buyer")) {
                    List<String> ids = new java.util.ArrayList<>();
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                    return ids;
                }
            });

            List<ILoggingEvent> applied = lines(PageApplier.class, "buyer changed");
            // Five contacts over two pages make three buyers, one of them changed by both pages.
            assertThat(applied).hasSize(4);
            assertThat(applied).allSatisfy(e -> assertThat(e.getMDCPropertyMap())
                    .containsEntry("camel.routeId", "hubspot-contacts-poll")
                    .containsKey("buyerId"));
            assertThat(applied.stream().map(e -> e.getMDCPropertyMap().get("buyerId")).distinct())
                    .containsExactlyInAnyOrderElementsOf(buyers);

            List<ILoggingEvent> refused = lines(Class.forName("io.isthmus.crm.OutboxSettlement"), "refused");
            assertThat(refused).singleElement().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getMDCPropertyMap()).containsEntry("buyerId", refusedBuyer)
                        .containsEntry("camel.routeId", "salesforce-sink-drain");
            });
            assertThat(lines(Class.forName("io.isthmus.crm.OutboxSettlement"), "upserted as")).hasSize(2)
                    .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsKey("buyerId")
                            .containsEntry("camel.routeId", "salesforce-sink-drain"));

            LogLayout json = new LogLayout();
            json.setFormat("json");
            json.setContext(isthmus.getLoggerContext());
            json.start();
            JsonNode line = new ObjectMapper().readTree(json.doLayout(refused.get(0)));
            assertThat(line.path("buyerId").asText()).isEqualTo(refusedBuyer);
            assertThat(line.path("routeId").asText()).isEqualTo("salesforce-sink-drain");
            assertThat(line.path("message").asText()).contains("REQUIRED_FIELD_MISSING");
        }
        // Outside a route and a buyer, nothing is left in the context of the test thread.
        assertThat(org.slf4j.MDC.get("buyerId")).isNull();
    }

    private List<ILoggingEvent> lines(Class<?> logger, String text) {
        return captured.list.stream().filter(e -> e.getLoggerName().equals(logger.getName()))
                .filter(e -> e.getFormattedMessage().contains(text)).toList();
    }
}
