package io.isthmus.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The shipped logback.xml, loaded into a fresh logger context with ISTHMUS_LOG_FORMAT set as a context property
 * (logback resolves it like the environment variable), its console output captured and read back.
 */
class LogLayoutTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void jsonFormat_writesOneParsableObjectPerLine_withRouteIdBuyerIdAndError() throws Exception {
        List<String> lines = logWith("json", log -> {
            MDC.put("camel.routeId", "salesforce-sink-drain");
            try (RecordLog.Scope s = RecordLog.buyer("b-42")) {
                log.warn("salesforce sink: Lead {} refused", "b-42");
            } finally {
                MDC.remove("camel.routeId");
            }
            log.error("store down \"quoted\"\nsecond line", new IllegalStateException("boom"));
        });

        assertThat(lines).hasSize(2);
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.path("level").asText()).isEqualTo("WARN");
        assertThat(first.path("logger").asText()).isEqualTo("io.isthmus.test");
        assertThat(first.path("message").asText()).isEqualTo("salesforce sink: Lead b-42 refused");
        assertThat(first.path("routeId").asText()).isEqualTo("salesforce-sink-drain");
        assertThat(first.path("buyerId").asText()).isEqualTo("b-42");
        assertThat(first.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        JsonNode second = json.readTree(lines.get(1));
        assertThat(second.path("message").asText()).isEqualTo("store down \"quoted\"\nsecond line");
        assertThat(second.path("error").asText()).contains("java.lang.IllegalStateException: boom");
        assertThat(second.has("buyerId")).as("the buyer scope ended").isFalse();
        assertThat(second.has("routeId")).isFalse();
    }

    @Test
    void textFormat_isTheDefault_andAppendsRouteAndBuyerOnlyWhenSet() throws Exception {
        List<String> lines = logWith(null, log -> {
            MDC.put("camel.routeId", "hubspot-contacts-poll");
            try (RecordLog.Scope s = RecordLog.buyer("b-7")) {
                log.info("buyer changed");
            } finally {
                MDC.remove("camel.routeId");
            }
            log.info("no context");
        });

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.+] io.isthmus.test - buyer changed "
                + "route=hubspot-contacts-poll buyer=b-7");
        assertThat(lines.get(1)).endsWith(" - no context");
    }

    @Test
    void unknownFormat_fallsBackToText_ratherThanSilencingTheLog() throws Exception {
        List<String> lines = logWith("xml", log -> log.info("still logged"));

        assertThat(lines).singleElement().asString().endsWith(" - still logged").doesNotStartWith("{");
    }

    @Test
    void recordScope_restoresTheOuterBuyer_whenNested() {
        try (RecordLog.Scope outer = RecordLog.buyer("outer")) {
            try (RecordLog.Scope inner = RecordLog.buyer("inner")) {
                assertThat(MDC.get(RecordLog.BUYER_KEY)).isEqualTo("inner");
            }
            assertThat(MDC.get(RecordLog.BUYER_KEY)).isEqualTo("outer");
        }
        assertThat(MDC.get(RecordLog.BUYER_KEY)).isNull();
    }

    private interface Logging {
        void run(org.slf4j.Logger log);
    }

    private static List<String> logWith(String format, Logging body) throws Exception {
        LoggerContext ctx = new LoggerContext();
        // The same MDC the application writes to through org.slf4j.MDC.
        ctx.setMDCAdapter(MDC.getMDCAdapter());
        if (format != null) {
            ctx.putProperty("ISTHMUS_LOG_FORMAT", format);
        }
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator joran = new JoranConfigurator();
            joran.setContext(ctx);
            joran.doConfigure(LogLayoutTest.class.getResource("/logback.xml"));
            Logger log = ctx.getLogger("io.isthmus.test");
            body.run(log);
        } finally {
            ctx.stop();
            System.setOut(original);
        }
        List<String> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.contains("|-")) {
                lines.add(line);
            }
        }
        return lines;
    }
}
