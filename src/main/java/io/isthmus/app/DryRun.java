package io.isthmus.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.SettingsLoader;
import io.isthmus.store.OutboxRepository;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.commons.io.FileUtils;

/**
 * The {@code dry-run} verb: polls every enabled source once into a copy of the store, runs the whole pipeline, and
 * prints the CRM changes it would make, per record and field (old → new), without writing to the CRM or the store.
 */
public final class DryRun {

    private final ObjectMapper json = new ObjectMapper();

    /**
     * Runs with the settings of {@code config} (null: environment only) and {@code overrides} on top, against a copy
     * of their store (an H2 file); returns the number of records that would change.
     */
    public int run(Path config, Map<String, String> overrides, PrintStream out) throws Exception {
        Map<String, String> noCrm = new HashMap<>(overrides);
        noCrm.put("isthmus.salesforce.enabled", "false");
        IsthmusSettings settings = new SettingsLoader(System.getenv()).load(config, noCrm);
        String url = settings.store().url();
        if (!url.startsWith("jdbc:h2:file:")) {
            throw new IllegalArgumentException("dry-run copies the store and works on the H2 file store only; "
                    + "for PostgreSQL point isthmus.store.url at a restored copy's H2 export or a test database");
        }
        Path original = Path.of(url.substring("jdbc:h2:file:".length()).split(";")[0] + ".mv.db");
        Path tmp = Files.createTempDirectory("isthmus-dry-run");
        try {
            if (Files.exists(original)) {
                Files.copy(original, tmp.resolve("isthmus.mv.db"), StandardCopyOption.REPLACE_EXISTING);
            }
            Map<String, String> o = new HashMap<>(noCrm);
            o.put("isthmus.store.url", "jdbc:h2:file:" + tmp.resolve("isthmus").toAbsolutePath());
            o.put("isthmus.http.host", "127.0.0.1");
            o.put("isthmus.http.port", "0");
            o.put("isthmus.hubspot.cron", "0 0 0 1 1 ? 2099");
            IsthmusSettings copy = new SettingsLoader(System.getenv()).load(config, o);
            try (Daemon daemon = Daemon.create(copy, Map.of(), Clock.systemUTC())) {
                daemon.start();
                ProducerTemplate t = daemon.camelContext().createProducerTemplate();
                for (Route r : daemon.camelContext().getRoutes()) {
                    if (r.getRouteId().endsWith("-poll") && r.getEndpoint().getEndpointUri().startsWith("direct:")) {
                        out.println("polling " + r.getRouteId() + " …");
                        t.sendBody(r.getEndpoint().getEndpointUri(), null);
                    }
                }
                List<OutboxRepository.PendingChange> changes = daemon.database().inTransaction(c ->
                        new OutboxRepository(false).pendingChanges(c));
                return print(changes, out);
            }
        } finally {
            FileUtils.deleteDirectory(tmp.toFile());
        }
    }

    private int print(List<OutboxRepository.PendingChange> changes, PrintStream out) throws IOException {
        int creates = 0;
        int updates = 0;
        int fields = 0;
        out.println();
        for (OutboxRepository.PendingChange ch : changes) {
            JsonNode now = json.readTree(ch.payload());
            JsonNode before = ch.confirmedPayload() == null ? json.createObjectNode() : json.readTree(ch.confirmedPayload());
            out.println((ch.confirmedPayload() == null ? "create " : "update ") + ch.sobject() + " " + ch.externalId());
            if (ch.confirmedPayload() == null) {
                creates++;
            } else {
                updates++;
            }
            Iterator<Map.Entry<String, JsonNode>> it = now.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode old = before.get(f.getKey());
                if (!Objects.equals(old, f.getValue())) {
                    out.printf("  %-28s %s → %s%n", f.getKey(), old == null ? "—" : old, f.getValue());
                    fields++;
                }
            }
        }
        out.printf("%nwould send: %d creates, %d updates, %d field changes; nothing was written to the CRM%n",
                creates, updates, fields);
        return creates + updates;
    }
}
