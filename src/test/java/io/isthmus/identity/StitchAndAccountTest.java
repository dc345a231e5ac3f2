package io.isthmus.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StitchAndAccountTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    private static SourceActivity visit(String id, String visitor) {
        return new SourceActivity("matomo", id, Instant.parse("2026-02-01T10:00:00Z"), null, visitor,
                ActivityType.values()[0], "/pricing", null, null);
    }

    @Test
    void stitch_visitorIdentifies_earlierActivitiesFollowToBuyer() {
        VisitorStitcher s = new VisitorStitcher(clock, 100);
        assertThat(s.record(visit("a1", "v1"))).isEmpty();
        assertThat(s.record(visit("a2", "v1"))).isEmpty();
        s.record(visit("a3", "v2"));
        StitchResult r = s.identify("v1", "buyer-7");
        assertThat(r.outcome()).isEqualTo(StitchResult.Outcome.STITCHED);
        assertThat(r.moved()).extracting(SourceActivity::sourceId).containsExactly("a1", "a2");
        assertThat(r.at()).isEqualTo(clock.instant());
        assertThat(s.record(visit("a4", "v1"))).contains("buyer-7");
    }

    @Test
    void stitch_visitorAlreadyLinkedToOtherBuyer_isConflictAndNothingMoves() {
        VisitorStitcher s = new VisitorStitcher(clock, 100);
        s.identify("v1", "buyer-7");
        assertThat(s.identify("v1", "buyer-7").outcome()).isEqualTo(StitchResult.Outcome.ALREADY_STITCHED);
        StitchResult r = s.identify("v1", "buyer-8");
        assertThat(r.outcome()).isEqualTo(StitchResult.Outcome.CONFLICT);
        assertThat(r.buyerId()).isEqualTo("buyer-7");
        assertThat(r.moved()).isEmpty();
    }

    @Test
    void stitch_followsMergeAndUnmerge() {
        VisitorStitcher s = new VisitorStitcher(clock, 100);
        s.identify("v1", "B");
        s.identify("v2", "A");
        s.merged("B", "A");
        assertThat(s.buyerOf("v1")).contains("A");
        s.unmerged("A", "B");
        assertThat(s.buyerOf("v1")).contains("B");
        assertThat(s.buyerOf("v2")).contains("A");
    }

    @Test
    void stitch_holdIsBounded_oldestDropped() {
        VisitorStitcher s = new VisitorStitcher(clock, 2);
        s.record(visit("a1", "v"));
        s.record(visit("a2", "v"));
        s.record(visit("a3", "v"));
        assertThat(s.identify("v", "b").moved()).extracting(SourceActivity::sourceId).containsExactly("a2", "a3");
    }

    private AccountMatcher accounts() {
        AccountMatcher m = new AccountMatcher(FreeMailDomains.defaults(), 0.85, 50);
        m.add(new Account("acc-1", "Acme Industrial GmbH", Set.of("acme.de", "https://www.acme-industrial.com"), "001XYZ"));
        m.add(new Account("acc-2", "Gmail Fan Club", Set.of("gmail.com"), null));
        m.add(new Account("acc-3", "Feeney, Aufderhar and Kirlin", Set.of("fak.example"), null));
        return m;
    }

    @Test
    void account_corporateEmailDomain_matchesWithCrmId() {
        assertThat(accounts().match("Ann@Sales.ACME.de", null, null))
                .contains(new AccountMatch("acc-1", "001XYZ", "email-domain", 1.0));
    }

    @Test
    void account_freeMailDomain_neverMatches_butWebsiteDoes() {
        AccountMatcher m = accounts();
        assertThat(m.match("someone@gmail.com", null, null)).isEmpty();
        assertThat(m.isFreeMail("someone@GMAIL.com")).isTrue();
        assertThat(m.match("someone@gmail.com", "acme-industrial.com/contact", null))
                .get().extracting(AccountMatch::accountId, AccountMatch::rule).containsExactly("acc-1", "website-domain");
    }

    @Test
    void account_fuzzyCompanyName_matchesAboveThreshold_only() {
        AccountMatcher m = accounts();
        assertThat(m.match(null, null, "Feeney, Aufderhar an-d Kirlin Ltd")).get()
                .extracting(AccountMatch::accountId, AccountMatch::rule).containsExactly("acc-3", "company-name");
        assertThat(m.match(null, null, "Totally Different Corp")).isEmpty();
    }

    @Test
    void freeMailList_hasOverHundredProviders() {
        assertThat(FreeMailDomains.defaults().size()).isGreaterThan(100);
        assertThat(FreeMailDomains.defaults().contains("web.de")).isTrue();
    }

    @Test
    void identityKeys_crmIdBeatsLinkBeatsEmail_andFollowMerges() {
        IdentityKeys k = new IdentityKeys();
        k.put("A", "ann@acme.com", List.of("hubspot:1"), null);
        k.put("B", "bob@acme.com", List.of("marketo:9"), "003CRM");
        assertThat(k.find("p", "ann@acme.com", List.of("marketo:9"), "003CRM")).get()
                .extracting(MatchDecision::candidateId, MatchDecision::rule).containsExactly("B", "crm-id");
        assertThat(k.find("p", "ann@acme.com", List.of("marketo:9"), null)).get()
                .extracting(MatchDecision::rule).isEqualTo("identity-link");
        assertThat(k.find("p", "ann@acme.com", List.of(), null)).get()
                .extracting(MatchDecision::rule).isEqualTo("email");
        k.merged("A", "B");
        assertThat(k.find("p", "ann@acme.com", null, null)).get().extracting(MatchDecision::candidateId).isEqualTo("B");
    }
}
