package io.isthmus.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL the *IT tests use: from the environment ({@code ISTHMUS_IT_PG_URL}, {@code _USER},
 * {@code _PASSWORD}) or from target/it-postgres.env, which {@code bash .ci/postgres.sh} writes. Without either, an
 * IT is skipped on a developer machine and fails in CI ({@code CI=true}), where the database must be there.
 */
record ItPostgres(String url, String user, String password) {

    static ItPostgres required() {
        Map<String, String> v = new HashMap<>();
        Path file = Path.of("target", "it-postgres.env");
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
            p.stringPropertyNames().forEach(k -> v.put(k, p.getProperty(k)));
        }
        System.getenv().forEach((k, val) -> {
            if (k.startsWith("ISTHMUS_IT_PG_")) {
                v.put(k, val);
            }
        });
        String url = v.get("ISTHMUS_IT_PG_URL");
        if (url == null) {
            boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
            assertThat(ci).as("CI=true but no PostgreSQL: .ci/run starts one with .ci/postgres.sh").isFalse();
            Assumptions.abort("no PostgreSQL for this IT: run `bash .ci/postgres.sh` first (it installs and starts "
                    + "a throwaway one), or set ISTHMUS_IT_PG_URL, ISTHMUS_IT_PG_USER, ISTHMUS_IT_PG_PASSWORD");
        }
        return new ItPostgres(url, v.getOrDefault("ISTHMUS_IT_PG_USER", "isthmus"),
                v.getOrDefault("ISTHMUS_IT_PG_PASSWORD", ""));
    }

    /** A new empty database for one test, so tests never see each other's rows; returns its JDBC URL. */
    String freshDatabase(String prefix) throws SQLException {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return url.substring(0, url.lastIndexOf('/') + 1) + name;
    }

    Connection connect(String databaseUrl) throws SQLException {
        return DriverManager.getConnection(databaseUrl, user, password);
    }
}
