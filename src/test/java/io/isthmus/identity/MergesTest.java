package io.isthmus.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MergesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = Clock.fixed(T0.plusSeconds(999), ZoneOffset.UTC);
    private final SurvivorshipRules rules = new SurvivorshipRules(SurvivorshipRule.MOST_RECENT,
            List.of("salesforce", "hubspot", "marketo"),
            Map.of("email", SurvivorshipRule.SOURCE_PRIORITY, "company", SurvivorshipRule.MOST_COMPLETE));
    private final Survivorship survivorship = new Survivorship(rules);
    private final AtomicInteger seq = new AtomicInteger();
    private final Merges merges = new Merges(survivorship, clock, () -> "m" + seq.incrementAndGet());

    private static Contribution c(String system, String id, int secondsAfterT0, String... kv) {
        Map<String, String> f = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            f.put(kv[i], kv[i + 1]);
        }
        return new Contribution(system, id, T0.plusSeconds(secondsAfterT0), f);
    }

    @Test
    void survivorship_mostRecentWins_butBlankNeverOverwritesValue() {
        GoldenRecord g = survivorship.build("b", List.of(
                c("marketo", "1", 10, "phone", "+4930111", "job_title", "CMO"),
                c("hubspot", "2", 20, "phone", "+4930222", "job_title", "  ")));
        assertThat(g.get("phone")).isEqualTo("+4930222");
        assertThat(g.get("job_title")).isEqualTo("CMO");
        assertThat(g.sources()).containsEntry("job_title", "marketo:1");
    }

    @Test
    void survivorship_sourcePriority_beatsRecency() {
        GoldenRecord g = survivorship.build("b", List.of(
                c("hubspot", "2", 99, "email", "new@acme.com"),
                c("salesforce", "9", 1, "email", "crm@acme.com")));
        assertThat(g.get("email")).isEqualTo("crm@acme.com");
    }

    @Test
    void survivorship_mostComplete_takesLongestValue() {
        GoldenRecord g = survivorship.build("b", List.of(
                c("hubspot", "2", 99, "company", "Acme"),
                c("marketo", "1", 1, "company", "Acme Industrial Ltd")));
        assertThat(g.get("company")).isEqualTo("Acme Industrial Ltd");
    }

    @Test
    void merge_keepsAllContributions_andRecordsEvidenceAndTime() {
        BuyerCluster a = BuyerCluster.of("A", c("hubspot", "h1", 10, "email", "ann@acme.com", "phone", "+4930111"));
        BuyerCluster b = BuyerCluster.of("B", c("marketo", "m1", 20, "email", "ann@acme.com", "company", "Acme"));
        MatchDecision why = MatchDecision.deterministic("B", "A", "email");
        Merges.MergeResult r = merges.merge(a, b, why, "auto");
        assertThat(r.merged().keys()).containsExactlyInAnyOrder("hubspot:h1", "marketo:m1");
        assertThat(r.golden().fields()).containsEntry("phone", "+4930111").containsEntry("company", "Acme");
        assertThat(r.event()).isEqualTo(new MergeEvent("m1", "A", "B", List.of("marketo:m1"), why, "auto",
                clock.instant()));
    }

    @Test
    void unmerge_restoresBothSidesFromRetainedContributions_includingUpdatesAfterTheMerge() {
        BuyerCluster a = BuyerCluster.of("A", c("hubspot", "h1", 10, "first_name", "Ann", "phone", "+4930111"));
        BuyerCluster b = BuyerCluster.of("B", c("marketo", "m1", 20, "first_name", "Anna", "company", "Beta"));
        Merges.MergeResult merged = merges.merge(a, b, MatchDecision.deterministic("B", "A", "email"), "auto");
        assertThat(merged.golden().get("first_name")).isEqualTo("Anna");
        // After the merge marketo updates its record and a third source joins.
        BuyerCluster later = merged.merged().with(c("marketo", "m1", 30, "first_name", "Anna", "company", "Beta GmbH"))
                .with(c("mautic", "x1", 40, "city", "Berlin"));
        Merges.UnmergeResult u = merges.unmerge(later, merged.event(), "reviewer", "different people");
        assertThat(u.survivor().keys()).containsExactlyInAnyOrder("hubspot:h1", "mautic:x1");
        assertThat(u.restored().keys()).containsExactly("marketo:m1");
        assertThat(u.survivorGolden().fields()).containsEntry("first_name", "Ann").containsEntry("city", "Berlin")
                .doesNotContainKey("company");
        assertThat(u.restoredGolden().fields()).containsEntry("company", "Beta GmbH").containsEntry("first_name", "Anna");
        assertThat(u.event().restoredId()).isEqualTo("B");
    }

    @Test
    void unmerge_twice_isRefused() {
        BuyerCluster a = BuyerCluster.of("A", c("hubspot", "h1", 10, "first_name", "Ann"));
        BuyerCluster b = BuyerCluster.of("B", c("marketo", "m1", 20, "first_name", "Anna"));
        Merges.MergeResult merged = merges.merge(a, b, MatchDecision.deterministic("B", "A", "email"), "auto");
        Merges.UnmergeResult u = merges.unmerge(merged.merged(), merged.event(), "r", "wrong");
        assertThatThrownBy(() -> merges.unmerge(u.survivor(), merged.event(), "r", "again"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("undone already");
    }

    @Test
    void cluster_olderVersionOfSameSourceRecord_doesNotReplaceNewer() {
        BuyerCluster a = BuyerCluster.of("A", c("hubspot", "h1", 50, "phone", "+new"));
        assertThat(a.with(c("hubspot", "h1", 10, "phone", "+old")).contributions().get(0).fields())
                .containsEntry("phone", "+new");
    }
}
