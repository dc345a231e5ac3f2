package io.isthmus.buyer.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks the hand-written legal-form list against the public DNB list of 455 legal forms (test data only: nothing
 * is copied from it into the product). The most common forms must all be stripped, and most of the list overall.
 */
class CompanyLegalFormsCoverageTest {

    private static final Path CSV = Path.of("../shared/data/companies/dnb_legal_names.csv");
    private static final Set<String> COMMON = Set.of("inc", "inc.", "llc", "ltd", "ltd.", "gmbh", "ag", "sa", "s.a.",
            "sarl", "s.a.r.l.", "b.v.", "n.v.", "plc", "corp", "corp.", "co.", "kg", "o.y.", "ab", "as", "s.p.a.",
            "s.r.l.", "pty ltd", "limited", "llp", "sas", "spol. s r.o.", "sp. z.o.o.", "kft.");

    @Test
    void legalForms_fromDnbList_areStrippedFromCompanyNames() throws Exception {
        assumeTrue(Files.exists(CSV), "shared benchmark data not present");
        CompanyNormalizer n = new CompanyNormalizer();
        List<String> lines = Files.readAllLines(CSV, StandardCharsets.UTF_8);
        List<String> missed = new ArrayList<>();
        int total = 0;
        for (String line : lines.subList(1, lines.size())) {
            String form = line.substring(0, line.indexOf(','));
            total++;
            if (!"zephyr".equals(n.matchKey("Zephyr " + form))) {
                missed.add(form);
            }
        }
        assertThat(missed).doesNotContainAnyElementsOf(COMMON);
        assertThat(1.0 - (double) missed.size() / total).as("share of DNB legal forms stripped; missed: %s", missed)
                .isGreaterThanOrEqualTo(0.6);
    }
}
