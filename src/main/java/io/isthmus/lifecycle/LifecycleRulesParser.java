package io.isthmus.lifecycle;

import io.isthmus.app.config.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns the lifecycle.yaml tree into {@link LifecycleRules}, reporting every problem to the shared list. */
final class LifecycleRulesParser {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*[A-Za-z0-9]");
    /** Recycling only leaves stages where sales have the buyer; customers and the nurture pool are not left this way. */
    private static final Set<Stage> RECYCLABLE = EnumSet.of(Stage.LEAD, Stage.MQL, Stage.SQL, Stage.OPPORTUNITY);

    /** Every key the file may hold, by section; the reference docs are checked against this list. */
    static final Map<String, List<String>> KEYS = Map.of(
            "", List.of("mql", "recycle", "disqualify", "sla", "crm"),
            "mql", List.of("score", "threshold", "min-fit"),
            "recycle[]", List.of("id", "on", "from", "nurture"),
            "disqualify", List.of("reasons"),
            "sla", List.of("mql-acceptance"),
            "crm", List.of("lead-status", "fields"),
            "crm.lead-status", List.of("accepted", "rejected", "disqualified"),
            "crm.fields", List.of("fit-score", "engagement-score", "score", "summary", "stage", "stage-date",
                    "mql-date", "sla-hours"));

    private final YamlNode root;

    LifecycleRulesParser(YamlNode root) {
        this.root = root;
    }

    LifecycleRules read() {
        allowOnly(root, "");
        YamlNode mqlNode = root.get("mql");
        allowOnly(mqlNode, "mql");
        LifecycleRules.MqlRule mql = new LifecycleRules.MqlRule(
                mqlNode.enumValue("score", LifecycleRules.MqlRule.Basis.class, LifecycleRules.MqlRule.Basis.TOTAL),
                mqlNode.integer("threshold", 50, 1, 100_000),
                mqlNode.get("min-fit").isMissing() ? null : mqlNode.integer("min-fit", 0, -100_000, 100_000));

        List<LifecycleRules.RecycleRule> recycle = new ArrayList<>();
        Map<String, YamlNode> ids = new HashMap<>();
        for (YamlNode n : root.get("recycle").list()) {
            LifecycleRules.RecycleRule rule = recycleRule(n, ids);
            if (rule != null) {
                reportOverlap(n, rule, recycle);
                recycle.add(rule);
            }
        }

        YamlNode disqualify = root.get("disqualify");
        allowOnly(disqualify, "disqualify");
        Set<String> reasons = lowerCase(disqualify.strings("reasons"));

        YamlNode sla = root.get("sla");
        allowOnly(sla, "sla");
        Duration acceptance = sla.duration("mql-acceptance", Duration.ofHours(48));

        YamlNode crm = root.get("crm");
        allowOnly(crm, "crm");
        return new LifecycleRules(root.file(), mql, recycle, reasons, acceptance,
                leadStatus(crm.get("lead-status")), fields(crm.get("fields")));
    }

    private static LifecycleRules.RecycleRule recycleRule(YamlNode n, Map<String, YamlNode> ids) {
        allowOnly(n, "recycle[]");
        String id = n.requiredString("id");
        if (id != null && !ID.matcher(id).matches()) {
            n.get("id").problem("'" + id + "' is not a valid id, expected lower-case letters, digits and dashes");
        }
        if (id != null && ids.putIfAbsent(id, n.get("id")) != null) {
            n.get("id").problem("duplicate id '" + id + "', expected ids to be unique (first used at line "
                    + ids.get(id).line() + ")");
        }
        if (n.get("on").isMissing()) {
            n.problem("missing required key 'on', expected lead-rejected, lead-disqualified or closed-lost");
        }
        LifecycleRules.RecycleRule.Trigger on = n.enumValue("on", LifecycleRules.RecycleRule.Trigger.class, null);
        Set<Stage> from = EnumSet.noneOf(Stage.class);
        YamlNode fromNode = n.get("from");
        if (fromNode.isMissing()) {
            n.problem("missing required key 'from', expected a list of stages such as [mql, sql]");
        }
        for (String s : n.strings("from")) {
            Stage stage = stage(s);
            if (stage == null || !RECYCLABLE.contains(stage)) {
                fromNode.problem("'" + s + "' cannot be recycled from, expected lead, mql, sql or opportunity");
            } else {
                from.add(stage);
            }
        }
        Duration nurture = n.duration("nurture", Duration.ZERO);
        if (id == null || on == null || from.isEmpty()) {
            return null;
        }
        return new LifecycleRules.RecycleRule(id, on, from, nurture);
    }

    /** Two rules for the same outcome and stage would make the second dead; say so rather than ignore it. */
    private static void reportOverlap(YamlNode n, LifecycleRules.RecycleRule rule,
            List<LifecycleRules.RecycleRule> earlier) {
        for (LifecycleRules.RecycleRule e : earlier) {
            if (e.on() == rule.on()) {
                for (Stage s : rule.from()) {
                    if (e.from().contains(s)) {
                        n.get("from").problem("stage " + s.key() + " is already recycled on "
                                + rule.on().name().toLowerCase(Locale.ROOT).replace('_', '-') + " by rule '"
                                + e.id() + "', expected each outcome and stage in one rule");
                    }
                }
            }
        }
    }

    private static LeadStatusMapping leadStatus(YamlNode n) {
        allowOnly(n, "crm.lead-status");
        Map<String, String> seen = new HashMap<>();
        List<Set<String>> lists = new ArrayList<>();
        for (String key : List.of("accepted", "rejected", "disqualified")) {
            Set<String> values = lowerCase(n.strings(key));
            for (String v : values) {
                String first = seen.putIfAbsent(v, key);
                if (first != null) {
                    n.get(key).problem("status '" + v + "' is also under " + first
                            + ", expected each status in one list");
                }
            }
            lists.add(values);
        }
        return new LeadStatusMapping(lists.get(0), lists.get(1), lists.get(2));
    }

    private static CrmFieldNames fields(YamlNode n) {
        allowOnly(n, "crm.fields");
        CrmFieldNames d = CrmFieldNames.DEFAULTS;
        Map<String, String> used = new HashMap<>();
        return new CrmFieldNames(
                field(n, "fit-score", d.fitScore(), used),
                field(n, "engagement-score", d.engagementScore(), used),
                field(n, "score", d.score(), used),
                field(n, "summary", d.summary(), used),
                field(n, "stage", d.stage(), used),
                field(n, "stage-date", d.stageDate(), used),
                field(n, "mql-date", d.mqlDate(), used),
                field(n, "sla-hours", d.slaHours(), used));
    }

    /** An API name; an empty value turns the field off. */
    private static String field(YamlNode parent, String key, String defaultName, Map<String, String> used) {
        YamlNode n = parent.get(key);
        String name = n.isMissing() ? defaultName : n.text();
        if (name == null || name.isBlank()) {
            return null;
        }
        name = name.trim();
        if (!API_NAME.matcher(name).matches()) {
            n.problem("'" + name + "' is not a field API name, expected e.g. Isthmus_Score__c or '' to turn it off");
            return null;
        }
        String other = used.putIfAbsent(name.toLowerCase(Locale.ROOT), key);
        if (other != null) {
            n.problem("field " + name + " is also used for " + other + ", expected one field per value");
        }
        return name;
    }

    private static void allowOnly(YamlNode n, String section) {
        n.allowOnly(KEYS.get(section).toArray(String[]::new));
    }

    private static Stage stage(String s) {
        String wanted = s.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (Stage stage : Stage.values()) {
            if (stage.name().equals(wanted)) {
                return stage;
            }
        }
        return null;
    }

    private static Set<String> lowerCase(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        values.forEach(v -> out.add(v.trim().toLowerCase(Locale.ROOT)));
        return out;
    }
}
