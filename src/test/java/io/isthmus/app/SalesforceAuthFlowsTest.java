package io.isthmus.app;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production OAuth flows (JWT bearer, refresh token) against the WireMock token endpoint. */
class SalesforceAuthFlowsTest {

    private static final String TOKEN_PATH = "/services/oauth2/token";
    private static final String UPSERT = "/services/data/v60.0/composite/sobjects/Lead/Isthmus_Buyer_Id__c";

    @TempDir
    Path dir;
    private DaemonHarness h;

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void jwtFlow_signsAnRs256AssertionForTheUser_andUpsertsWithTheIssuedToken() throws Exception {
        Path keystore = dir.resolve("isthmus-jwt.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "isthmus", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=isthmus-test",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass",
                "test-keystore-pass", "-keypass", "test-keystore-pass").redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        h = new DaemonHarness(dir.resolve("store"));
        h.salesforceScenario("oauth-jwt-bearer");
        Daemon daemon = h.start(Map.of("isthmus.salesforce.auth", "jwt", "isthmus.salesforce.clientSecret", "",
                "isthmus.salesforce.password", "", "isthmus.salesforce.keystore", keystore.toString(),
                "isthmus.salesforce.keystorePassword", "test-keystore-pass"));
        enqueueThree(daemon);

        h.drain();

        List<LoggedRequest> logins = h.salesforce.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        assertThat(logins).hasSize(1);
        Map<String, String> form = form(logins.get(0).getBodyAsString());
        assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
                .doesNotContainKeys("client_secret", "password");
        String[] jwt = form.get("assertion").split("\\.");
        assertThat(jwt).hasSize(3);
        JsonNode header = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt[0]));
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(claims.path("iss").asText()).isEqualTo("test-client-id");
        assertThat(claims.path("sub").asText()).isEqualTo("integration@test.example.com");
        assertThat(claims.path("aud").asText()).isEqualTo(h.salesforce.baseUrl());
        assertThat(h.salesforce.findAll(patchRequestedFor(urlPathEqualTo(UPSERT))
                .withHeader("Authorization", equalTo("Bearer 00D5g0000040000!AQ4AQTestAccessToken")))).hasSize(1);
    }

    @Test
    void refreshTokenFlow_exchangesTheRefreshToken_andUpsertsWithTheIssuedToken() throws Exception {
        h = new DaemonHarness(dir);
        h.salesforceScenario("oauth-refresh-token");
        Daemon daemon = h.start(Map.of("isthmus.salesforce.auth", "refresh-token", "isthmus.salesforce.username", "",
                "isthmus.salesforce.password", "", "isthmus.salesforce.refreshToken", "5Aep861TestRefreshToken"));
        enqueueThree(daemon);

        h.drain();

        List<LoggedRequest> logins = h.salesforce.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        assertThat(logins).hasSize(1);
        assertThat(form(logins.get(0).getBodyAsString())).containsEntry("grant_type", "refresh_token")
                .doesNotContainKeys("password", "username");
        assertThat(h.salesforce.findAll(patchRequestedFor(urlPathEqualTo(UPSERT)))).hasSize(1);
        assertThat(SinkFixture.rows(daemon.database(), "SELECT COUNT(*) FROM outbox WHERE status = 'SENT'"))
                .containsExactly("2");
    }

    @Test
    void logs_ofALoginARelogInAndAFailedLogin_neverContainTheCredentials() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            h = new DaemonHarness(dir);
            h.salesforceScenario("session-expired-then-ok");
            enqueueThree(h.start(Map.of()));
            h.drain();
            h.stopDaemon();
            Daemon second = h.start(Map.of("isthmus.salesforce.clientSecret", "wrong-client-secret"));
            // A record of its own: the first run's leftovers wait out their retry delay.
            SinkFixture.enqueue(second.database(), "buyer-9", SinkFixture.lead("i@i.example.com", "I", "Ii", "I",
                    null, null));
            h.drain();
        } finally {
            root.detachAppender(logs);
        }

        String text = logs.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(text).contains("Retrying on Salesforce authentication error", "AUTH");
        assertThat(text).doesNotContain("AQ4AQTestAccessToken", "test-client-secret", "test-password-and-token",
                "wrong-client-secret");
    }

    private static void enqueueThree(Daemon daemon) {
        SinkFixture.enqueue(daemon.database(), "buyer-1", SinkFixture.lead("a@a.example.com", "A", "Aa", "A", null,
                null));
        SinkFixture.enqueue(daemon.database(), "buyer-2", SinkFixture.lead("b@b.example.com", "B", "Bb", "B", null,
                null));
        SinkFixture.enqueue(daemon.database(), "buyer-3", SinkFixture.lead("c@c.example.com", "C", null, "C", null,
                null));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
