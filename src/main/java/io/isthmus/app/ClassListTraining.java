package io.isthmus.app;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.SettingsLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.commons.io.FileUtils;

/**
 * One start of the daemon, for the launcher to record the classes a start loads
 * ({@code -XX:DumpLoadedClassList}) and archive them ({@code -Xshare:dump}, class-data sharing): later starts map
 * the archive instead of reading, parsing and verifying thousands of classes from 160 jars (a third of their CPU).
 * The start is a real one (settings, buyer model and route checks, a new H2 store migrated, Camel with the shipped
 * routes, readiness asked once) with nothing to talk to: HubSpot is never polled, and the Salesforce login goes to a
 * closed local port and fails. Exits 0 once the daemon has started and stopped.
 *
 * <p>{@code java -XX:DumpLoadedClassList=target/isthmus.classlist -cp target/isthmus.jar
 * io.isthmus.app.ClassListTraining [routes dir] [model dir]}
 */
public final class ClassListTraining {

    private ClassListTraining() {
    }

    public static void main(String[] args) throws Exception {
        train(Path.of(args.length > 0 ? args[0] : "routes"), Path.of(args.length > 1 ? args[1] : "config"));
        System.exit(0);
    }

    /** Starts the daemon on a new store in a temporary directory, asks readiness once, stops it, deletes the store. */
    static void train(Path routes, Path model) throws Exception {
        Path store = Files.createTempDirectory("isthmus-training");
        try {
            Map<String, String> o = new HashMap<>();
            o.put("isthmus.routes.dir", routes.toString());
            o.put("isthmus.model.dir", model.toString());
            o.put("isthmus.store.url", "jdbc:h2:file:" + store.resolve("isthmus").toAbsolutePath());
            o.put("isthmus.http.host", "127.0.0.1");
            o.put("isthmus.http.port", "0");
            o.put("isthmus.admin.host", "127.0.0.1");
            o.put("isthmus.admin.port", "0");
            o.put("isthmus.hubspot.token", "training");
            o.put("isthmus.hubspot.baseUrl", "http://127.0.0.1:9");
            o.put("isthmus.hubspot.cron", "0 0 0 1 1 ? 2099");
            o.put("isthmus.salesforce.loginUrl", "http://127.0.0.1:9");
            o.put("isthmus.salesforce.clientId", "training");
            o.put("isthmus.salesforce.clientSecret", "training");
            o.put("isthmus.salesforce.username", "training@example.com");
            o.put("isthmus.salesforce.password", "training");
            o.put("isthmus.salesforce.readbackCron", "0 0 0 1 1 ? 2099");
            IsthmusSettings settings = new SettingsLoader(Map.of()).load(null, o);
            try (Daemon daemon = Daemon.create(settings, Map.of(), Clock.systemUTC())) {
                daemon.start();
                HealthCheckHelper.invokeReadiness(daemon.camelContext());
            }
        } finally {
            delete(store);
        }
    }

    private static void delete(Path dir) throws IOException {
        FileUtils.deleteDirectory(dir.toFile());
    }
}
