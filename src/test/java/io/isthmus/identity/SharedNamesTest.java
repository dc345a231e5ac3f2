package io.isthmus.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SharedNamesTest {

    private static final MatchProfile PROFILE = new MatchProfile("p", List.of(
            field("first_name", Cleaner.NAME), field("last_name", Cleaner.NAME), field("email", Cleaner.EMAIL)),
            List.of());
    private static final int[] NAMES = {0, 1};

    private static FieldSpec field(String name, Cleaner cleaner) {
        return new FieldSpec(name, cleaner, List.of(new Level("else", null, 0, 1, 1)));
    }

    private static PreparedRecord record(String first, String last, String email) {
        Map<String, String> m = new HashMap<>();
        m.put("first_name", first);
        m.put("last_name", last);
        m.put("email", email);
        return PROFILE.prepare("r", m);
    }

    /** Each row: both records' names and addresses, then what is compared ("-" = nothing: the field adds nothing). */
    @ParameterizedTest(name = "{0} {1} <{2}> / {3} {4} <{5}> -> {6} / {7}")
    @CsvSource(delimiter = '|', nullValues = "", value = {
        // Same given name, different family names: only what follows the shared "isaac" is compared.
        "Isaac|Jones|isaac.jones@a.com|Isaac|James|isaac.james@b.com|jones@a.com|james@b.com",
        // Full name in one address, its initial in the other: both are the shared names, nothing else is left.
        "Oliver|Bird|oliver.b@smith.net|Oliver|Bird|o.b@smith.net|@smith.net|@smith.net",
        // A name written into the address at a mailbox provider: the domain says nothing about the person either.
        "Eliza|Taylor|elizataylor@gmail.com|Eliza|Taylor|eliza.taylor@yahoo.com|-|-",
        // Names run together with a number: the number is what is left to compare.
        "Isla|Hall|islahall97@x.com|Hall|Isla|isla.hall97@y.com|97@x.com|97@y.com",
        // A name mistyped in one address stays in both, so the typo is still compared.
        "Scarlett|Payne|scarlett.payne88@m.info|Scarlett|Payne|scarlett.payn88@m.info|payne88@m.info|payn88@m.info",
        // No shared name (one side has none): the addresses as they are.
        "Theodore||t.m39@b.com||Morris|t.m39@c.com|t.m39@b.com|t.m39@c.com",
        // One address is only the shared name, the other has more: nothing to set against the rest.
        "Oliver||oliver@x.com|Oliver|Smith|oliver.smith88@x.com|-|-",
        // Initials in both addresses, one without separators: "jc" is not the piece "j", so nothing is taken out.
        "James|Cox|j.c@white.org|James|Campbell|jc@herring.info|j.c@white.org|jc@herring.info",
    })
    void reduce_takesOutOnlyTheNamesBothAddressesShow(String firstA, String lastA, String emailA, String firstB,
                                                     String lastB, String emailB, String restA, String restB) {
        PreparedRecord a = record(firstA, lastA, emailA);
        PreparedRecord b = record(firstB, lastB, emailB);
        String[] rest = SharedNames.reduce(a.value(2), b.value(2), a, b, NAMES);
        if (restA.equals("-")) {
            assertThat(rest).isNull();
        } else {
            assertThat(rest).containsExactly(restA, restB);
        }
        String[] other = SharedNames.reduce(b.value(2), a.value(2), b, a, NAMES);
        assertThat(other).as("symmetric").isEqualTo(rest == null ? null : new String[] {rest[1], rest[0]});
    }
}
