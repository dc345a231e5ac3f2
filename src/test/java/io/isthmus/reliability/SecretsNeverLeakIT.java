package io.isthmus.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.isthmus.app.config.ConfigException;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.SettingsLoader;
import io.isthmus.demo.HubSpotSimulator;
import io.isthmus.demo.SalesforceSimulator;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon runs with known secret values, given as environment variables and as secret files, once against
 * services that accept them and once against services that refuse them (so error paths log and store what they
 * know). None of the secret values appears in any log line, error message, metric, health answer or store row.
 */
class SecretsNeverLeakIT {

    private static final String HUBSPOT_TOKEN = "pat-na1-SECRET-hubspot-7f3a9c1e5b";
    private static final String CLIENT_ID = "3MVG9SECRET-client-id-2b8d";
    private static final String CLIENT_SECRET = "SECRET-client-secret-9e4f1a";
    private static final String SF_PASSWORD = "SECRET-sf-password-6c2eTOKEN";
    private static final String STORE_PASSWORD = "SECRET-store-password-1d7b";
    private static final List<String> SECRETS = List.of(HUBSPOT_TOKEN, CLIENT_ID, CLIENT_SECRET, SF_PASSWORD,
            STORE_PASSWORD);

    @TempDir
    Path dir;

    @Test
    void daemonWithKnownSecrets_acceptedAndRefused_printsStoresAndExposesNoneOfThem() throws Exception {
        Path clientSecretFile = Files.writeString(dir.resolve("sf-client-secret"), CLIENT_SECRET + "\n");
        Path storePasswordFile = Files.writeString(dir.resolve("store-password"), STORE_PASSWORD);
        Instant now = Instant.now();
        Random rnd = new Random(5);
        StringBuilder exposed = new StringBuilder();
        try (HubSpotSimulator hubspot = new HubSpotSimulator(HUBSPOT_TOKEN);
             SalesforceSimulator salesforce = new SalesforceSimulator(CLIENT_ID, CLIENT_SECRET, "int@secrets.example",
                     SF_PASSWORD);
             SalesforceSimulator refusingSalesforce = new SalesforceSimulator(CLIENT_ID, CLIENT_SECRET,
                     "int@secrets.example", "another-password")) {
            for (long id = 1; id <= 12; id++) {
                hubspot.put(TestContacts.older(id, now, rnd));
            }
            Map<String, String> env = Map.of(
                    "ISTHMUS_HUBSPOT_TOKEN", HUBSPOT_TOKEN,
                    "ISTHMUS_SALESFORCE_CLIENTID", CLIENT_ID,
                    "SF_PASSWORD_FOR_TEST", SF_PASSWORD,
                    "ISTHMUS_LOG_LEVEL", "DEBUG");

            try (DaemonProcess accepted = new DaemonProcess("accepted", dir,
                    settings(hubspot, salesforce, clientSecretFile, storePasswordFile), env)) {
                accepted.start();
                Await.until("all contacts in Salesforce", Duration.ofSeconds(90),
                        () -> salesforce.leads().size() == 12, accepted::logText);
                exposed.append(get(accepted, "/observe/metrics")).append(get(accepted, "/observe/health"))
                        .append(get(accepted, "/observe/health?exposureLevel=full"));
                accepted.stop();
                exposed.append(accepted.logText());
            }

            // Refusals: Salesforce refuses the login for new contacts' Leads, then HubSpot answers 401.
            for (long id = 13; id <= 20; id++) {
                hubspot.put(TestContacts.contact(id, "New" + id, Instant.now().minusSeconds(5)));
            }
            try (DaemonProcess refused = new DaemonProcess("refused", dir,
                    settings(hubspot, refusingSalesforce, clientSecretFile, storePasswordFile), env)) {
                refused.start();
                Await.until("Salesforce refused the login", Duration.ofSeconds(90),
                        () -> refusingSalesforce.loginCalls() >= 2, refused::logText);
                int searches = hubspot.searchCalls();
                hubspot.server().stubFor(post(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(401)
                        .withHeader("Content-Type", "application/json").withBody("{\"status\":\"error\","
                                + "\"message\":\"Authentication credentials not found.\",\"category\":"
                                + "\"INVALID_AUTHENTICATION\"}")));
                Await.until("HubSpot refused a poll and its retries", Duration.ofSeconds(90),
                        () -> hubspot.searchCalls() >= searches + 4, refused::logText);
                Thread.sleep(1000);
                exposed.append(get(refused, "/observe/metrics"))
                        .append(get(refused, "/observe/health?exposureLevel=full"));
                refused.stop();
                exposed.append(refused.logText());
            }
        }
        assertThat(exposed).as("the runs printed and answered something").contains("isthmus_", "upserted", "401");

        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("store/isthmus")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", STORE_PASSWORD)) {
            String rows = allRows(c);
            assertThat(rows).as("store rows were read").contains("outbox", "buyer", "dead_letter");
            exposed.append(rows);
        }
        for (String secret : SECRETS) {
            assertThat(exposed.toString()).as("secret %s...", secret.substring(0, 6)).doesNotContain(secret);
        }
    }

    @Test
    void literalSecretInSettingsFile_isRefusedWithoutEchoingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.properties"), String.join("\n",
                "isthmus.hubspot.token=" + HUBSPOT_TOKEN,
                "isthmus.salesforce.clientId=" + CLIENT_ID,
                "isthmus.salesforce.clientSecret=" + CLIENT_SECRET,
                "isthmus.salesforce.username=int@secrets.example",
                "isthmus.salesforce.password=" + SF_PASSWORD,
                "isthmus.store.password=" + STORE_PASSWORD, ""));

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new SettingsLoader(Map.of()).load(file, Map.of()));

        String reported = e.getMessage() + e.problems();
        assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(reported).contains("a secret must not be written in the file");
        SECRETS.forEach(s -> assertThat(reported).doesNotContain(s));
    }

    @Test
    void settingsRecord_printedWhole_masksEverySecret() {
        IsthmusSettings s = new SettingsLoader(Map.of("ISTHMUS_HUBSPOT_TOKEN", HUBSPOT_TOKEN,
                "ISTHMUS_SALESFORCE_CLIENTID", CLIENT_ID, "ISTHMUS_SALESFORCE_CLIENTSECRET", CLIENT_SECRET,
                "ISTHMUS_SALESFORCE_USERNAME", "int@secrets.example", "ISTHMUS_SALESFORCE_PASSWORD", SF_PASSWORD,
                "ISTHMUS_STORE_PASSWORD", STORE_PASSWORD)).load(null, Map.of());

        assertThat(s.hubspot().token().reveal()).isEqualTo(HUBSPOT_TOKEN);
        SECRETS.forEach(secret -> assertThat(s.toString()).doesNotContain(secret));
        assertThat(s.toString()).contains("****");
    }

    private Map<String, String> settings(HubSpotSimulator hubspot, SalesforceSimulator salesforce,
                                         Path clientSecretFile, Path storePasswordFile) {
        Map<String, String> s = new HashMap<>();
        s.put("isthmus.store.url", "jdbc:h2:file:" + dir.resolve("store/isthmus"));
        s.put("isthmus.store.password", "${file:" + storePasswordFile + "}");
        s.put("isthmus.hubspot.baseUrl", hubspot.baseUrl());
        s.put("isthmus.hubspot.cron", "0/2 * * * * ?");
        s.put("isthmus.salesforce.loginUrl", salesforce.baseUrl());
        s.put("isthmus.salesforce.clientSecret", "${file:" + clientSecretFile + "}");
        s.put("isthmus.salesforce.username", "int@secrets.example");
        s.put("isthmus.salesforce.password", "${env:SF_PASSWORD_FOR_TEST}");
        s.put("isthmus.salesforce.sinkInterval", "1s");
        // The refused run wants four HubSpot 401s in its log; 401 is the vendor's failure, so the sources' breaker
        // (rightly) opens after breakerFailures such polls. Not what this test is about: let it wait for more.
        s.put("isthmus.sources.breakerFailures", "10");
        s.put("isthmus.salesforce.readbackCron", "0/5 * * * * ?");
        return s;
    }

    private static String get(DaemonProcess p, String path) throws Exception {
        HttpResponse<String> r = io.isthmus.testing.TestHttp.get("http://127.0.0.1:" + p.httpPort() + path);
        return path + " " + r.statusCode() + "\n" + r.body() + "\n";
    }

    /** Every row of every table, all columns as text. */
    private static String allRows(Connection c) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT table_name FROM "
                + "information_schema.tables WHERE table_schema = 'public'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String t : tables) {
            out.append("table ").append(t).append('\n');
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM \"" + t + "\"")) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        out.append(rs.getString(i)).append('|');
                    }
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }
}
