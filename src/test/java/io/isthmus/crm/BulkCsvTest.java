package io.isthmus.crm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkCsvTest {

    @Test
    void line_quotesCommasQuotesAndNewlines_andLeavesPlainValuesBare() {
        assertThat(BulkCsv.line(Arrays.asList("a", "b,c", "say \"hi\"", "two\nlines", "cr\rhere", null, "")))
                .isEqualTo("a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",,");
    }

    @Test
    void field_neutralisesFormulaLeadingValues_butKeepsNumbersAndPhoneNumbers() {
        assertThat(BulkCsv.field("=SUM(A1)")).isEqualTo("'=SUM(A1)");
        assertThat(BulkCsv.field("@cmd")).isEqualTo("'@cmd");
        assertThat(BulkCsv.field("-2+3+cmd|' /C calc'!A0")).isEqualTo("'-2+3+cmd|' /C calc'!A0");
        assertThat(BulkCsv.field("\tTab")).isEqualTo("'\tTab");
        assertThat(BulkCsv.field("\rx")).isEqualTo("\"'\rx\"");
        assertThat(BulkCsv.field("+1=1")).isEqualTo("'+1=1");
        assertThat(BulkCsv.field("+33142685300")).isEqualTo("+33142685300");
        assertThat(BulkCsv.field("+1 (555) 123-4567")).isEqualTo("+1 (555) 123-4567");
        assertThat(BulkCsv.field("-12.5")).isEqualTo("-12.5");
    }

    @Test
    void parse_readsQuotedFieldsWithCommasQuotesAndNewlines_inLfAndCrlfFiles() {
        List<List<String>> rows = BulkCsv.parse("\"sf__Id\",\"sf__Error\",Name\r\n,\"A:b, c\",\"x \"\"y\"\"\nz\"\r\n1,,\n");
        assertThat(rows).containsExactly(List.of("sf__Id", "sf__Error", "Name"),
                List.of("", "A:b, c", "x \"y\"\nz"), List.of("1", "", ""));
    }

    @Test
    void lineThenParse_roundTripsAnyText() {
        List<String> values = List.of("plain", "with,comma", "\"quoted\"", "multi\nline", "trailing ");
        assertThat(BulkCsv.parse(BulkCsv.line(values) + "\n")).containsExactly(values);
    }
}
