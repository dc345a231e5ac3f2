package io.isthmus.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every identity column of the H2 store reserves 10,000 values at a time: with durable commits (WRITE_DELAY=0) each
 * reservation is a commit that writes the store's changed pages, and the default 32 made a page write some 25 of
 * them (V60 set 1,000, V62 10,000). Ids keep their insert order and, after the store is closed and opened again,
 * never repeat.
 */
class H2IdentityCacheTest {

    @TempDir
    Path dir;

    @Test
    void everyIdentityColumnCachesTenThousandValues_andIdsGrowAcrossARestart() {
        IsthmusSettings.Store settings = new IsthmusSettings.Store("jdbc:h2:file:" + dir.resolve("s")
                .toAbsolutePath(), "sa", new Secret(""), 2);
        AuditRepository audit = new AuditRepository();
        List<Long> before;
        try (Database db = Database.open(settings)) {
            List<Map.Entry<String, Long>> caches = db.inTransaction(c -> Sql.query(c, "SELECT table_name, "
                    + "identity_cache FROM information_schema.columns WHERE is_identity = 'YES' AND "
                    + "table_schema = 'public'", rs -> Map.entry(rs.getString(1), rs.getLong(2))));
            assertThat(caches).extracting(Map.Entry::getKey).contains("outbox", "buyer_audit", "score_change",
                    "stage_transition", "match_review", "merge_event", "dead_letter");
            assertThat(caches).as("identity columns without a cache of 10000: add them to db/h2")
                    .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isGreaterThanOrEqualTo(10_000));
            // Every buyer insert and update draws a change number for the identity snapshot: the same cost applies.
            List<Long> changeSeq = db.inTransaction(c -> Sql.query(c, "SELECT cache FROM information_schema.sequences "
                    + "WHERE sequence_name = 'buyer_change_seq'", rs -> rs.getLong(1)));
            assertThat(changeSeq).as("buyer_change_seq cache").containsExactly(10_000L);
            before = insertAudits(db, audit, 3);
        }
        try (Database db = Database.open(settings)) {
            List<Long> after = insertAudits(db, audit, 3);
            assertThat(before).isSorted();
            assertThat(after).isSorted();
            assertThat(after.get(0)).isGreaterThan(before.get(before.size() - 1));
        }
    }

    private static List<Long> insertAudits(Database db, AuditRepository audit, int n) {
        return db.inTransaction(c -> {
            Batch b = new Batch();
            String buyer = java.util.UUID.randomUUID().toString();
            Sql.update(c, "INSERT INTO buyer (id, created_at, updated_at, version) VALUES (?,?,?,1)", buyer,
                    Instant.EPOCH, Instant.EPOCH);
            for (int i = 0; i < n; i++) {
                audit.record(b, buyer, AuditRepository.Event.CREATED, "test", "row " + i, Instant.EPOCH);
            }
            b.flush(c);
            return Sql.query(c, "SELECT id FROM buyer_audit WHERE buyer_id = ? ORDER BY detail", rs -> rs.getLong(1),
                    buyer);
        });
    }
}
