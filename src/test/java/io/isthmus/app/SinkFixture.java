package io.isthmus.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.store.Database;
import io.isthmus.store.OutboxRepository;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Puts Lead commands straight into the outbox (as the pipeline would) and reads the store back as text rows. */
final class SinkFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SinkFixture() {
    }

    /** A Lead payload in the mapper's field order; Country and Website unknown. */
    static String lead(String email, String first, String last, String company, String phone, String title) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Email", email);
        f.put("FirstName", first);
        f.put("LastName", last);
        f.put("Company", company);
        f.put("Phone", phone);
        f.put("Title", title);
        f.put("Country", null);
        f.put("Website", null);
        try {
            return JSON.writeValueAsString(f);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Queues {@code payload} for external id {@code buyerId}; returns what the outbox did. */
    static OutboxRepository.Enqueued enqueue(Database db, String buyerId, String payload) {
        OutboxRepository outbox = new OutboxRepository(false);
        return db.inTransaction(c -> outbox.enqueue(c, buyerId, "Lead", buyerId, payload, Instant.now()));
    }

    /** Queues {@code n} distinct valid Leads buyer-0 … buyer-(n-1), version {@code v} of their values. */
    static int enqueueMany(Database db, int n, int v) {
        OutboxRepository outbox = new OutboxRepository(false);
        return db.inTransaction(c -> {
            int queued = 0;
            for (int i = 0; i < n; i++) {
                String id = "buyer-" + i;
                OutboxRepository.Enqueued e = outbox.enqueue(c, id, "Lead", id, lead("lead" + i + "@example.com",
                        "First" + i, "Last" + i, "Company " + (i % 97), "+3314268" + String.format("%04d", i % 10000),
                        "Title v" + v), Instant.now());
                if (e != OutboxRepository.Enqueued.UNCHANGED) {
                    queued++;
                }
            }
            return queued;
        });
    }

    static List<String> rows(Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
            c.rollback();
            return out;
        }
    }
}
