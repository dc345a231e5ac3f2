package io.isthmus.attribution.funnel;

import io.isthmus.app.config.Problems;
import io.isthmus.app.config.YamlFile;
import io.isthmus.app.config.YamlNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spend per channel and per campaign for the reporting period, from {@code config/costs.yaml}:
 * <pre>
 * channels:
 *   Paid Search: 12000
 * campaigns:
 *   spring-launch: 4500.50
 * </pre>
 * Names must equal the channel names of the rule table and the campaign names on touches. No file: no costs.
 *
 * @param byChannel channel → cost, not negative; never null
 * @param byCampaign campaign → cost, not negative; never null
 */
public record CostTable(Map<String, BigDecimal> byChannel, Map<String, BigDecimal> byCampaign) {

    /** Every key the file may hold, by section; the published schema is checked against this list. */
    static final Map<String, List<String>> KEYS = Map.of("", List.of("channels", "campaigns"));

    public static final CostTable NONE = new CostTable(Map.of(), Map.of());

    public CostTable {
        byChannel = Map.copyOf(byChannel);
        byCampaign = Map.copyOf(byCampaign);
    }

    /** Reads {@code file}; null or absent gives {@link #NONE}. Throws ConfigException listing every problem. */
    public static CostTable load(Path file) {
        if (file == null || !Files.exists(file)) {
            return NONE;
        }
        Problems problems = new Problems();
        CostTable table = parse(YamlFile.load(file, problems));
        problems.throwIfAny();
        return table;
    }

    public static CostTable parse(YamlNode root) {
        root.allowOnly(KEYS.get("").toArray(String[]::new));
        return new CostTable(amounts(root.get("channels")), amounts(root.get("campaigns")));
    }

    private static Map<String, BigDecimal> amounts(YamlNode map) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        map.entries().forEach((name, value) -> {
            String text = value.text();
            try {
                BigDecimal cost = new BigDecimal(text == null ? "" : text.trim().replace("_", ""));
                if (cost.signum() < 0) {
                    value.problem("is " + text + ", expected a cost of 0 or more");
                } else {
                    out.put(name, cost);
                }
            } catch (NumberFormatException e) {
                value.problem("'" + text + "' is not a number, expected a cost such as 4500.50");
            }
        });
        return out;
    }
}
