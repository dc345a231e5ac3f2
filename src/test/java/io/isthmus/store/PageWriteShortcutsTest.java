package io.isthmus.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.app.settings.Secret;
import io.isthmus.buyer.NormalizedContact;
import io.isthmus.scoring.Score;
import io.isthmus.scoring.ScoreChange;
import io.isthmus.scoring.ScoreContribution;
import io.isthmus.scoring.ScoreKind;
import io.isthmus.testing.Rows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the store writes for a page more cheaply than it used to must read back exactly as before: contributions
 * queued in a batch (insert or update by what the page knows), their JSON streamed instead of built as a tree, score
 * explanations written once per distinct attribute-only explanation, payload hashes from a reused digest.
 */
class PageWriteShortcutsTest {

    private static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;
    private Database db;
    private final ContributionRepository contributions = new ContributionRepository();

    @BeforeEach
    void open() {
        db = Database.open(new IsthmusSettings.Store("jdbc:h2:file:" + dir.resolve("s").toAbsolutePath(), "sa",
                new Secret(""), 2));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void contributionJson_isTheTextTheTreeGave_forNullsQuotesAndNonAsciiValues() {
        ObjectMapper json = new ObjectMapper();
        for (NormalizedContact k : List.of(contact("1", "ada@acme.example.com", "Ada"),
                new NormalizedContact("hubspot", "2", AT, null, null, "Zoë \"Z\" O'Neil", "Back\\slash\u0001",
                        "Ünïcode ☃ GmbH", null, "VP\tSales", null, "https://x.example.com/?a=1&b=<2>"))) {
            ObjectNode o = json.createObjectNode();
            o.put("email", k.email());
            o.put("emailOriginal", k.emailOriginal());
            o.put("firstName", k.firstName());
            o.put("lastName", k.lastName());
            o.put("company", k.company());
            o.put("phone", k.phone());
            o.put("jobTitle", k.jobTitle());
            o.put("country", k.country());
            o.put("website", k.website());
            assertThat(contributions.toJson(k)).isEqualTo(o.toString());
        }
    }

    @Test
    void contributionsQueuedInABatch_insertNewOnesAndUpdateStoredOnes_andReadBackAsSaved() {
        db.inTransaction(c -> {
            contributions.save(c, contact("1", "old@acme.example.com", "Old"), AT);
            return null;
        });
        Set<String> stored = db.inTransaction(c -> contributions.existing(c, "hubspot", List.of("1", "2", "3")));
        assertThat(stored).containsExactly("1");
        db.inTransaction(c -> {
            Batch b = new Batch();
            contributions.save(b, contact("1", "ada@acme.example.com", "Ada"), true, AT.plusSeconds(1));
            contributions.save(b, contact("2", "grace@acme.example.com", "Grace"), false, AT.plusSeconds(1));
            contributions.save(b, contact("3", null, "Alan"), false, AT.plusSeconds(1));
            b.flush(c);
            return null;
        });
        db.inTransaction(c -> {
            assertThat(contributions.exists(c, "hubspot", "3")).isTrue();
            assertThat(contributions.exists(c, "hubspot", "4")).isFalse();
            ContributionRepository.Stored one = contributions.find(c, "hubspot", "1").orElseThrow();
            assertThat(one.contact()).isEqualTo(contact("1", "ada@acme.example.com", "Ada"));
            assertThat(one.storedAt()).isEqualTo(AT.plusSeconds(1));
            assertThat(contributions.find(c, "hubspot", "3").orElseThrow().contact())
                    .isEqualTo(contact("3", null, "Alan"));
            return null;
        });
    }

    @Test
    void attributeOnlyExplanations_areWrittenOncePerDistinctOne_asJacksonWritesThem_andTheCacheStaysBounded()
            throws Exception {
        ObjectMapper jackson = new ObjectMapper().registerModule(new JavaTimeModule());
        ScoreRepository scores = new ScoreRepository();
        List<ScoreChange> changes = new ArrayList<>();
        for (int i = 0; i < ScoreRepository.CACHED_EXPLANATIONS + 200; i++) {
            changes.add(change(List.of(new ScoreContribution("r" + i, "rule " + i, ScoreKind.FIT, null, null, i, i, 0,
                    1))));
        }
        // With an activity the explanation is unique to the buyer: written every time, never cached.
        changes.add(change(List.of(new ScoreContribution("visit", "visit", ScoreKind.ENGAGEMENT, "hubspot:9",
                AT.minusSeconds(3600), 5, 4.5, 0, 1))));
        changes.add(changes.get(0));
        List<String> buyers = new ArrayList<>();
        db.inTransaction(c -> {
            Batch b = new Batch();
            for (int i = 0; i < changes.size(); i++) {
                String buyer = "b" + i;
                buyers.add(buyer);
                scores.insertFirst(b, buyer, changes.get(i));
            }
            b.flush(c);
            return null;
        });
        assertThat(scores.cachedExplanations()).isEqualTo(ScoreRepository.CACHED_EXPLANATIONS);
        List<String> stored = Rows.of(db.dataSource(), "SELECT explanation FROM score_change ORDER BY id");
        assertThat(stored).hasSize(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            assertThat(stored.get(i)).isEqualTo(jackson.writeValueAsString(changes.get(i).grouped()));
        }
    }

    @Test
    void payloadHashes_fromTheReusedDigest_areEachPayloadsOwnSha256() throws Exception {
        for (String payload : List.of("{\"Email\":\"a@b.c\"}", "", "{\"LastName\":\"Zoë\"}", "{\"Email\":\"a@b.c\"}")) {
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(payload.getBytes(StandardCharsets.UTF_8)));
            assertThat(OutboxRepository.sha256(payload)).isEqualTo(expected);
        }
    }

    private static ScoreChange change(List<ScoreContribution> contributions) {
        int fit = contributions.stream().mapToInt(ScoreContribution::pointsBeforeDecay).sum();
        return new ScoreChange(null, Score.of(fit, 0), AT, contributions, "+" + fit);
    }

    private static NormalizedContact contact(String id, String email, String first) {
        return new NormalizedContact("hubspot", id, AT, email, email == null ? null : email.toUpperCase(), first,
                "Lovelace", "Acme", "+14155552671", "CTO", "US", null);
    }
}
