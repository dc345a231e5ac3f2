package io.isthmus.crm;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * SOQL literals. isthmus builds queries only from these: values never enter a query as raw text, so a name or id
 * carrying quotes or backslashes cannot change the query.
 */
public final class Soql {

    private static final DateTimeFormatter DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Soql() {
    }

    /** A datetime literal (unquoted, UTC, whole seconds rounded down: use {@code >=} comparisons). */
    public static String datetime(Instant t) {
        return DATETIME.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /** A quoted string literal with SOQL's escapes for quote, backslash and control characters. */
    public static String string(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> sb.append(ch);
            }
        }
        return sb.append('\'').toString();
    }

    /** A field or object API name, checked rather than escaped: names cannot be quoted in SOQL. */
    public static String name(String apiName) {
        if (!apiName.matches("[A-Za-z][A-Za-z0-9_]{0,79}")) {
            throw new IllegalArgumentException("not a Salesforce API name: " + apiName);
        }
        return apiName;
    }
}
