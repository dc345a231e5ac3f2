package io.isthmus.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.app.BuyerModel;
import io.isthmus.app.PipelineFixture;
import io.isthmus.app.config.ConfigException;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import io.isthmus.app.settings.SettingsLoader;
import io.isthmus.pipeline.PageApplier;
import io.isthmus.pipeline.SourcePage;
import io.isthmus.source.hubspot.HubSpotContactSearch;
import io.isthmus.source.hubspot.HubSpotCursor;
import io.isthmus.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input corpus in src/test/resources/hostile/: each HubSpot record goes through the real page reader and
 * page applier between two valid contacts, and must be stored sanitized or dead-lettered with a reason, never fail
 * the page nor cost its neighbours; each invalid buyer-model YAML or settings file must be refused with a
 * configuration error that names the file, never another exception.
 */
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final List<String> PROPERTIES = List.of("email", "firstname", "lastname", "company", "phone",
            "jobtitle", "country", "website", "lastmodifieddate");
    private static final AtomicInteger NEXT_ID = new AtomicInteger(1_000_000);

    @TempDir
    static Path dir;
    private static Database db;
    private static PageApplier applier;
    private static HubSpotContactSearch search;

    @BeforeAll
    static void open() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        db = Database.open(new IsthmusSettings.Store("jdbc:h2:file:" + dir.resolve("hostile").toAbsolutePath(), "sa",
                new Secret(""), 4));
        BuyerModel model = BuyerModel.load(dir.resolve("no-model-files"));
        applier = PipelineFixture.applier(db, model, clock);
        search = new HubSpotContactSearch("hubspot-hostile", 100, PROPERTIES);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void corpus_holdsAtLeastTwoHundredCases() throws IOException {
        int n = cases("hubspot-contacts.json").size() + cases("buyer-model-yaml.json").size()
                + cases("settings.json").size();
        assertThat(n).isGreaterThanOrEqualTo(200);
    }

    @TestFactory
    Stream<DynamicTest> hostileContact_betweenTwoValidOnes_isStoredSanitizedOrDeadLettered_andNeighboursKept()
            throws IOException {
        return cases("hubspot-contacts.json").stream().map(c -> DynamicTest.dynamicTest(c.path("case").asText(),
                () -> applyBetweenValidContacts(c)));
    }

    private void applyBetweenValidContacts(JsonNode c) throws Exception {
        int base = NEXT_ID.getAndAdd(10);
        String before = Integer.toString(base + 1);
        String hostileId = Integer.toString(base + 2);
        String after = Integer.toString(base + 3);
        JsonNode hostile = expand(c.path("record"));
        if (hostile.isObject() && hostile.path("id").asText("").equals("ID")) {
            ((ObjectNode) hostile).put("id", hostileId);
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("total", 3);
        ArrayNode results = body.putArray("results");
        results.add(valid(before));
        results.add(hostile);
        results.add(valid(after));
        long deadBefore = count("SELECT COUNT(*) FROM dead_letter");
        long linksBefore = count("SELECT COUNT(*) FROM source_link");

        HubSpotCursor pass = HubSpotCursor.INITIAL.passAt(NOW, Duration.ofMinutes(5));
        SourcePage page = search.readPage(JSON.writeValueAsString(body), pass);
        assertThatCode(() -> applier.apply(page)).as("the page is applied").doesNotThrowAnyException();

        assertThat(linked(before)).as("valid contact before the hostile one").isTrue();
        assertThat(linked(after)).as("valid contact after the hostile one").isTrue();
        long deadLettered = count("SELECT COUNT(*) FROM dead_letter") - deadBefore;
        long stored = count("SELECT COUNT(*) FROM source_link") - linksBefore - 2;
        assertThat(deadLettered + stored).as("the hostile record is stored or dead-lettered, once").isEqualTo(1);
        switch (c.path("expect").asText()) {
            case "stored" -> assertThat(stored).as("stored").isEqualTo(1);
            case "dead-letter" -> assertThat(deadLettered).as("dead-lettered").isEqualTo(1);
            default -> {
            }
        }
        if (deadLettered == 1) {
            assertThat(lastDeadLetterReason()).as("dead letter says why").isNotBlank();
        }
        assertSaneBuyers();
    }

    @TestFactory
    Stream<DynamicTest> invalidBuyerModelYaml_isRefusedNamingTheFile() throws IOException {
        return cases("buyer-model-yaml.json").stream().map(c -> DynamicTest.dynamicTest(c.path("case").asText(),
                () -> {
                    Path modelDir = Files.createTempDirectory(dir, "model");
                    Path file = modelDir.resolve(c.path("file").asText());
                    Files.writeString(file, text(c.path("text")), StandardCharsets.UTF_8);
                    Throwable t = catchThrowable(() -> BuyerModel.load(modelDir));
                    assertThat(t).as("refused with a configuration error").isInstanceOf(ConfigException.class);
                    assertThat(((ConfigException) t).problems()).isNotEmpty()
                            .allSatisfy(p -> assertThat(p.file()).contains(c.path("file").asText()));
                }));
    }

    @TestFactory
    Stream<DynamicTest> invalidSettingsFile_isRefusedWithEveryProblemNamed() throws IOException {
        Map<String, String> env = Map.of("ISTHMUS_HUBSPOT_TOKEN", "t", "ISTHMUS_SALESFORCE_CLIENTID", "i",
                "ISTHMUS_SALESFORCE_CLIENTSECRET", "s", "ISTHMUS_SALESFORCE_USERNAME", "u",
                "ISTHMUS_SALESFORCE_PASSWORD", "p");
        return cases("settings.json").stream().map(c -> DynamicTest.dynamicTest(c.path("case").asText(), () -> {
            Path file = Files.createTempFile(dir, "settings", ".properties");
            String text = text(c.path("text"));
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Map<String, String> caseEnv = new java.util.HashMap<>(env);
            // The environment wins over the file: leave the token to the file when the case is about it.
            if (text.contains("isthmus.hubspot.token")) {
                caseEnv.remove("ISTHMUS_HUBSPOT_TOKEN");
            }
            Throwable t = catchThrowable(() -> new SettingsLoader(caseEnv).load(file, Map.of()));
            if (t == null && c.path("expect").asText().equals("either")) {
                return;
            }
            assertThat(t).as("refused with a configuration error").isInstanceOf(ConfigException.class);
            assertThat(((ConfigException) t).problems()).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.file()).isEqualTo(file.toString()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> unreadablePage_isRefusedAsMalformed_neverWithAnotherException() {
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("empty body", "");
        pages.put("not JSON", "<html>502 Bad Gateway</html>");
        pages.put("truncated JSON", "{\"results\":[{\"id\":\"1\",\"properties\":{\"email\":\"a@exa");
        pages.put("JSON null", "null");
        pages.put("top-level array", "[]");
        pages.put("results is an object", "{\"results\":{}}");
        pages.put("results is a string", "{\"results\":\"none\"}");
        pages.put("no results", "{\"total\":0}");
        pages.put("nested 5000 deep", "{\"results\":[" + "[".repeat(5000) + "]".repeat(5000) + "]}");
        pages.put("string of 25 million characters", "{\"results\":[],\"x\":\"" + "a".repeat(25_000_000) + "\"}");
        HubSpotCursor pass = HubSpotCursor.INITIAL.passAt(NOW, Duration.ofMinutes(5));
        return pages.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () ->
                assertThat(catchThrowable(() -> search.readPage(e.getValue(), pass)))
                        .isInstanceOf(io.isthmus.source.MalformedPageException.class)
                        .hasMessageNotContaining("aaaaaaaaaa")));
    }

    private static ObjectNode valid(String id) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", id);
        ObjectNode p = r.putObject("properties");
        p.put("email", "valid" + id + "@neighbour.example.com");
        p.put("firstname", "Valid");
        p.put("lastname", "Neighbour" + id);
        p.put("lastmodifieddate", "2026-05-01T00:00:00Z");
        r.put("updatedAt", "2026-05-01T00:00:00Z");
        return r;
    }

    /** Expands {"$repeat": s, "times": n} into a long string and {"$nest": n} into n nested objects. */
    private static JsonNode expand(JsonNode n) {
        if (n.isObject() && n.has("$repeat")) {
            return JsonNodeFactory.instance.textNode(text(n));
        }
        if (n.isObject() && n.has("$nest")) {
            JsonNode inner = JsonNodeFactory.instance.textNode("bottom");
            for (int i = 0; i < n.get("$nest").asInt(); i++) {
                ObjectNode o = JSON.createObjectNode();
                o.set("n", inner);
                inner = o;
            }
            return inner;
        }
        if (n.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                out.set(f.getKey(), expand(f.getValue()));
            }
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            n.forEach(x -> out.add(expand(x)));
            return out;
        }
        return n;
    }

    private static String text(JsonNode n) {
        if (n.isTextual()) {
            return n.asText();
        }
        return n.path("prefix").asText("") + n.path("$repeat").asText().repeat(n.path("times").asInt())
                + n.path("suffix").asText("");
    }

    private static List<JsonNode> cases(String resource) throws IOException {
        try (InputStream in = HostileInputTest.class.getResourceAsStream("/hostile/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(in).path("cases").forEach(out::add);
            return out;
        }
    }

    private static boolean linked(String sourceId) throws SQLException {
        return count("SELECT COUNT(*) FROM source_link WHERE system = 'hubspot' AND source_id = '" + sourceId + "'")
                == 1;
    }

    private static String lastDeadLetterReason() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT error_message FROM dead_letter ORDER BY id DESC LIMIT 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** No stored buyer field is longer than a CRM text field allows or holds a control character. */
    private static void assertSaneBuyers() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT email, first_name, last_name, company, phone, job_title, country, "
                     + "website FROM buyer")) {
            while (rs.next()) {
                for (int i = 1; i <= 8; i++) {
                    String v = rs.getString(i);
                    if (v != null) {
                        assertThat(v.length()).isLessThanOrEqualTo(255);
                        assertThat(v).doesNotContainPattern("\\p{Cntrl}");
                    }
                }
            }
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
