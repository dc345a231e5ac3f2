package io.isthmus.attribution.funnel;

import static io.isthmus.attribution.funnel.Table.Column.number;
import static io.isthmus.attribution.funnel.Table.Column.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTablesTest {

    private static Table table(Object[]... rows) {
        return new Table("cells", "Cells", List.of(text("name", "Name"), number("value", "Value")),
                Arrays.stream(rows).map(Arrays::asList).toList());
    }

    @Test
    void csv_quotesPerRfc4180AndNeutralisesFormulaCells() {
        Table t = table(
                new Object[] {"plain", 1},
                new Object[] {"a,b", new BigDecimal("2.50")},
                new Object[] {"say \"hi\"", null},
                new Object[] {"line1\nline2", new BigDecimal("-5")},
                new Object[] {"=SUM(A1:A9)", 0},
                new Object[] {"+1", 0},
                new Object[] {"-2", 0},
                new Object[] {"@cmd", 0},
                new Object[] {"\tTAB", 0},
                new Object[] {"=HYPERLINK(\"http://x\",\"y\")", 0},
                new Object[] {"a=b", 0},
                new Object[] {"", 0});
        assertThat(ReportTables.csv(t)).isEqualTo("name,value\r\n"
                + "plain,1\r\n"
                + "\"a,b\",2.50\r\n"
                + "\"say \"\"hi\"\"\",\r\n"
                + "\"line1\nline2\",-5\r\n"
                + "'=SUM(A1:A9),0\r\n"
                + "'+1,0\r\n"
                + "'-2,0\r\n"
                + "'@cmd,0\r\n"
                + "'\tTAB,0\r\n"
                + "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",0\r\n"
                + "a=b,0\r\n"
                + ",0\r\n");
    }

    @Test
    void text_alignsColumnsAndShowsMissingValuesAsDash() {
        Table t = table(new Object[] {"Paid Search", new BigDecimal("1100.00")},
                new Object[] {"multi\nline", null});
        assertThat(ReportTables.text(t)).isEqualTo("""
                Cells
                Name           Value
                -----------  -------
                Paid Search  1100.00
                multi line         -
                """);
    }

    @Test
    void text_emptyTable_saysNoData() {
        assertThat(ReportTables.text(table())).isEqualTo("Cells\nName  Value\n----  -----\n(no data)\n");
    }

    @Test
    void json_keepsNumbersAsNumbersAndNullsAsNull() throws Exception {
        Table t = table(new Object[] {"=x", new BigDecimal("1E+3")}, new Object[] {"b", null},
                new Object[] {"c", 7});
        String json = ReportTables.json(List.of(t));
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode rows = root.path("tables").get(0).path("rows");
        assertThat(root.path("tables").get(0).path("columns").toString()).isEqualTo("[\"name\",\"value\"]");
        assertThat(rows.get(0).path("name").asText()).isEqualTo("=x");
        assertThat(rows.get(0).path("value").isNumber()).isTrue();
        assertThat(json).contains("\"value\" : 1000");
        assertThat(rows.get(1).path("value").isNull()).isTrue();
        assertThat(rows.get(2).path("value").asLong()).isEqualTo(7);
    }

    @Test
    void write_createsOneCsvPerTableAndReportJson(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report");
        ReportTables.write(List.of(table(new Object[] {"a", 1})), out);
        assertThat(Files.readString(out.resolve("cells.csv"))).isEqualTo("name,value\r\na,1\r\n");
        assertThat(Files.readString(out.resolve("report.json"))).contains("\"name\" : \"cells\"");
    }

    @Test
    void table_rowWithWrongWidth_isRefused() {
        assertThatThrownBy(() -> table(new Object[] {"only one"})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 2");
    }
}
