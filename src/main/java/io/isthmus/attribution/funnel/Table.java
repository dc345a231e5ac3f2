package io.isthmus.attribution.funnel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A report table ready to render: named columns and rows of cells. A cell is a String, a Number (BigDecimal for
 * money, rates and days) or null when there is no value.
 *
 * @param name  file-safe id, used as the CSV file name and the JSON key; never null
 * @param title heading for people; never null
 */
public record Table(String name, String title, List<Column> columns, List<List<Object>> rows) {

    /**
     * @param key     machine name (CSV header, JSON field)
     * @param heading column heading in the text table
     * @param numeric right-aligned in text
     */
    public record Column(String key, String heading, boolean numeric) {
        public static Column text(String key, String heading) {
            return new Column(key, heading, false);
        }

        public static Column number(String key, String heading) {
            return new Column(key, heading, true);
        }
    }

    public Table {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(name + ": row has " + row.size() + " cells, expected "
                        + columns.size());
            }
            // Cells may be null, which List.copyOf refuses.
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }
}
