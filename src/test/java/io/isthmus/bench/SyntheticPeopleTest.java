package io.isthmus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SyntheticPeopleTest {

    private final SyntheticPeople realistic = new SyntheticPeople(SyntheticPeople.Kind.REALISTIC);

    @Test
    void theSameIdIsTheSamePersonInEveryRun() {
        SyntheticPeople other = new SyntheticPeople(SyntheticPeople.Kind.REALISTIC);
        for (long id = 1; id <= 500; id++) {
            assertThat(other.person(id)).isEqualTo(realistic.person(id));
        }
        assertThat(realistic.person(8)).isNotEqualTo(realistic.person(9));
    }

    @Test
    void aFifthRepeatTheContactThreeIdsEarlierWithTheEmailInOtherCase() {
        for (long id = 5; id <= 1000; id += 5) {
            SyntheticPeople.Person dup = realistic.person(id);
            SyntheticPeople.Person original = realistic.person(id - 3);
            assertThat(dup.email()).isNotEqualTo(original.email()).isEqualToIgnoringCase(original.email());
            assertThat(dup.lastName()).isEqualTo(original.lastName());
            assertThat(dup.company()).isEqualTo(original.company());
        }
    }

    @Test
    void oneInFiftyIsTheContactTwelveIdsEarlierWithATypoAPersonalAddressAndNoPhone() {
        int typos = 0;
        for (long id = 51; id <= 5001; id += 50) {
            SyntheticPeople.Person near = realistic.person(id);
            SyntheticPeople.Person original = realistic.person(id - 12);
            assertThat(near.firstName()).isEqualTo(original.firstName());
            assertThat(near.company()).isEqualTo(original.company());
            assertThat(near.phone()).isNull();
            assertThat(near.email()).isNotEqualToIgnoringCase(original.email());
            assertThat(editDistance(near.lastName(), original.lastName())).isBetween(1, 2);
            typos++;
        }
        assertThat(typos).isEqualTo(100);
    }

    @Test
    void namesAreSkewedLikeARealContactList() {
        Map<String, Integer> first = new HashMap<>();
        Set<String> last = new HashSet<>();
        Set<String> emails = new HashSet<>();
        Set<String> fullNames = new HashSet<>();
        int people = 0;
        int collisions = 0;
        for (long id = 1; id <= 10_000; id++) {
            if (id % 5 == 0 || id % 50 == 1) {
                continue;
            }
            SyntheticPeople.Person p = realistic.person(id);
            people++;
            first.merge(p.firstName(), 1, Integer::sum);
            last.add(p.lastName());
            fullNames.add(p.firstName() + " " + p.lastName());
            if (!emails.add(p.email().toLowerCase(Locale.ROOT))) {
                collisions++;
            }
        }
        int top = first.values().stream().max(Integer::compare).orElseThrow();
        // The most common first name is a few per cent of people (as James or Mary are), most names are rare.
        assertThat(top).isBetween(people / 100, people / 20);
        assertThat(first.size()).isGreaterThan(1_500);
        assertThat(last.size()).isGreaterThan(people / 3);
        // Distinct people rarely share a full name, and their addresses (almost) never.
        assertThat(fullNames.size()).isGreaterThan(people * 9 / 10);
        assertThat(collisions).isLessThan(people / 200);
    }

    @Test
    void theNumberedPopulationIsTheEarlierOne() {
        SyntheticPeople numbered = new SyntheticPeople(SyntheticPeople.Kind.NUMBERED);
        SyntheticPeople.Person p = numbered.person(7);
        assertThat(p.email()).isEqualTo("first7.last7@company7.example.com");
        assertThat(p.firstName()).isEqualTo("First7");
        assertThat(p.lastName()).isEqualTo("Last7");
        assertThat(p.company()).isEqualTo("Company 7");
        assertThat(p.phone()).isEqualTo("+1 415 555 0007");
        assertThat(p.jobTitle()).isEqualTo("VP Marketing");
        assertThat(numbered.person(10).email()).isEqualTo("First7.Last7@Company7.example.com");
        assertThat(numbered.person(51).lastName()).isEqualTo("Last51");
    }

    @Test
    void aTypoIsOneEditAwayAndNeverTouchesTheFirstLetter() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 2_000; i++) {
            String s = i % 2 == 0 ? "Johnson" : "Lee";
            String t = SyntheticPeople.typo(s, r);
            assertThat(t).isNotEqualTo(s).startsWith(s.substring(0, 1));
            assertThat(editDistance(t, s)).isBetween(1, 2);
        }
    }

    /** Levenshtein distance (a swap of neighbours counts 2). */
    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
