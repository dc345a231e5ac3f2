package io.isthmus.crm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CSV as Bulk API 2.0 takes and returns it: RFC 4180 (fields with a comma, a quote, CR or LF are quoted, quotes
 * doubled), LF line endings. Values that a spreadsheet would run as a formula (leading =, +, -, @, tab or CR) are
 * neutralised with a leading apostrophe, because Salesforce users export these Leads to spreadsheets; plain numbers
 * and phone numbers ({@code +33142685300}, {@code -12.5}) cannot run anything and are left as they are.
 */
public final class BulkCsv {

    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?[0-9][0-9 ().-]*");

    private BulkCsv() {
    }

    /** One CSV line (no line ending) from the given values; null is written as an empty field. */
    public static String line(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(field(values.get(i)));
        }
        return sb.toString();
    }

    static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = neutralise(value);
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    static String neutralise(String v) {
        char first = v.charAt(0);
        boolean risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return risky && !PLAIN_NUMBER.matcher(v).matches() ? "'" + v : v;
    }

    /** Parses RFC 4180 text (CRLF or LF) into rows of fields; quoted fields may hold commas, quotes and newlines. */
    public static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return rows;
        }
        List<String> row = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                fieldStarted = true;
            } else if (c == ',') {
                row.add(f.toString());
                f.setLength(0);
                fieldStarted = true;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (fieldStarted || f.length() > 0 || !row.isEmpty()) {
                    row.add(f.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                f.setLength(0);
                fieldStarted = false;
            } else {
                f.append(c);
                fieldStarted = true;
            }
        }
        if (fieldStarted || f.length() > 0 || !row.isEmpty()) {
            row.add(f.toString());
            rows.add(row);
        }
        return rows;
    }
}
