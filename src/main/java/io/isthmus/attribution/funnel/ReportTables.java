package io.isthmus.attribution.funnel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Renders {@link Table}s as fixed-width text for people, CSV for spreadsheets and JSON for programs. */
public final class ReportTables {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ReportTables() {
    }

    /** Tables one after another, each with its title, a header and a rule line; empty cells show as "-". */
    public static String text(List<Table> tables) {
        StringBuilder sb = new StringBuilder();
        for (Table t : tables) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(text(t));
        }
        return sb.toString();
    }

    public static String text(Table table) {
        int n = table.columns().size();
        int[] width = new int[n];
        for (int c = 0; c < n; c++) {
            width[c] = table.columns().get(c).heading().length();
            for (List<Object> row : table.rows()) {
                width[c] = Math.max(width[c], display(row.get(c)).length());
            }
        }
        StringBuilder sb = new StringBuilder(table.title()).append('\n');
        line(sb, table, width, c -> table.columns().get(c).heading());
        line(sb, table, width, c -> "-".repeat(width[c]));
        for (List<Object> row : table.rows()) {
            line(sb, table, width, c -> display(row.get(c)));
        }
        if (table.rows().isEmpty()) {
            sb.append("(no data)\n");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, Table table, int[] width, java.util.function.IntFunction<String> cell) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            if (c > 0) {
                line.append("  ");
            }
            String v = cell.apply(c);
            String pad = " ".repeat(width[c] - v.length());
            line.append(table.columns().get(c).numeric() ? pad + v : v + pad);
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    private static String display(Object cell) {
        if (cell == null) {
            return "-";
        }
        // A newline or tab inside a name would break the columns.
        return plain(cell).replaceAll("[\\r\\n\\t]", " ");
    }

    /**
     * RFC 4180 CSV with CRLF line ends and a header of column keys. A text cell starting with =, +, -, @, tab or
     * carriage return gets a leading single quote, so a spreadsheet does not run it as a formula (campaign and
     * asset names come from outside). Numbers are written as they are.
     */
    public static String csv(Table table) {
        StringBuilder sb = new StringBuilder();
        List<Table.Column> cols = table.columns();
        for (int c = 0; c < cols.size(); c++) {
            sb.append(c > 0 ? "," : "").append(csvCell(cols.get(c).key()));
        }
        sb.append("\r\n");
        for (List<Object> row : table.rows()) {
            for (int c = 0; c < row.size(); c++) {
                sb.append(c > 0 ? "," : "").append(csvCell(row.get(c)));
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    static String csvCell(Object cell) {
        if (cell == null) {
            return "";
        }
        String v = plain(cell);
        if (cell instanceof String && !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    /** {"tables": [{"name", "title", "columns": [keys], "rows": [{key: value}]}]}, numbers as JSON numbers. */
    public static String json(List<Table> tables) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("tables");
        for (Table t : tables) {
            ObjectNode tn = list.addObject();
            tn.put("name", t.name());
            tn.put("title", t.title());
            ArrayNode cols = tn.putArray("columns");
            t.columns().forEach(c -> cols.add(c.key()));
            ArrayNode rows = tn.putArray("rows");
            for (List<Object> row : t.rows()) {
                ObjectNode rn = rows.addObject();
                for (int c = 0; c < row.size(); c++) {
                    String key = t.columns().get(c).key();
                    Object v = row.get(c);
                    if (v == null) {
                        rn.putNull(key);
                    } else if (v instanceof BigDecimal d) {
                        rn.put(key, d);
                    } else if (v instanceof Integer || v instanceof Long) {
                        rn.put(key, ((Number) v).longValue());
                    } else {
                        rn.put(key, plain(v));
                    }
                }
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write report JSON", e);
        }
    }

    /** Writes {@code <name>.csv} per table and {@code report.json} into {@code dir} (created when absent). */
    public static void write(List<Table> tables, Path dir) {
        try {
            Files.createDirectories(dir);
            for (Table t : tables) {
                Files.writeString(dir.resolve(t.name() + ".csv"), csv(t), StandardCharsets.UTF_8);
            }
            Files.writeString(dir.resolve("report.json"), json(tables), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir, e);
        }
    }

    private static String plain(Object cell) {
        return cell instanceof BigDecimal d ? d.toPlainString() : String.valueOf(cell);
    }
}
