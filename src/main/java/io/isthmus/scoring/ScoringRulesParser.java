package io.isthmus.scoring;

import io.isthmus.app.config.YamlNode;
import io.isthmus.source.ActivityType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns the scoring.yaml tree into {@link ScoringRules}. Every problem goes to the tree's shared problem list and
 * parsing carries on with a placeholder, so one run reports all of them; the caller refuses the result if any.
 */
final class ScoringRulesParser {

    static final int MAX_POINTS = 1000;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern ATTRIBUTE = Pattern.compile("custom\\.[A-Za-z0-9_.-]+");

    /** Every key the file may hold, by section; the reference docs are checked against this list. */
    static final Map<String, List<String>> KEYS = Map.of(
            "", List.of("summary", "decay", "behaviour", "fit", "negative"),
            "summary", List.of("max-length"),
            "decay", List.of("half-life"),
            "behaviour[]", List.of("id", "label", "activity", "asset", "points", "cap", "period-cap", "decays"),
            "behaviour[].period-cap", List.of("points", "period"),
            "fit[]", List.of("id", "label", "attribute", "equals", "in", "matches", "min", "max", "points"),
            "negative[]", List.of("id", "label", "when", "domains", "points", "score"));

    private final YamlNode root;
    /** Rule ids seen so far, with where, so a duplicate names both places. */
    private final Map<String, YamlNode> ids = new HashMap<>();

    ScoringRulesParser(YamlNode root) {
        this.root = root;
    }

    ScoringRules read() {
        allowOnly(root, "");
        YamlNode summary = root.get("summary");
        allowOnly(summary, "summary");
        int maxLength = summary.integer("max-length", 255, 20, 131_072);
        YamlNode decayNode = root.get("decay");
        allowOnly(decayNode, "decay");
        Decay decay = decay(decayNode);

        List<BehaviourRule> behaviour = new ArrayList<>();
        root.get("behaviour").list().forEach(n -> behaviour.add(behaviour(n)));
        List<FitRule> fit = new ArrayList<>();
        root.get("fit").list().forEach(n -> fit.add(fit(n)));
        List<NegativeRule> negative = new ArrayList<>();
        root.get("negative").list().forEach(n -> negative.add(negative(n)));
        return new ScoringRules(root.file(), decay, maxLength, behaviour, fit, negative);
    }

    private static Decay decay(YamlNode node) {
        YamlNode halfLife = node.get("half-life");
        if (halfLife.isMissing()) {
            return Decay.NONE;
        }
        String raw = halfLife.text();
        // Only a negative duration has a minus sign; say so rather than "not a duration".
        if (raw != null && raw.contains("-")) {
            halfLife.problem("'" + raw + "' is negative, expected a positive duration such as 30d");
            return Decay.NONE;
        }
        Duration d = node.duration("half-life", null);
        if (d != null && d.isZero()) {
            halfLife.problem("is zero, expected a positive duration such as 30d (leave the key out to turn decay off)");
            return Decay.NONE;
        }
        return d == null ? Decay.NONE : new Decay(d);
    }

    private BehaviourRule behaviour(YamlNode n) {
        allowOnly(n, "behaviour[]");
        String id = id(n);
        ActivityType type = n.enumValue("activity", ActivityType.class, null);
        if (type == null && n.get("activity").isMissing()) {
            n.problem("missing required key 'activity', expected an activity type such as page-view");
        }
        int points = points(n, false);
        Integer cap = null;
        if (!n.get("cap").isMissing()) {
            cap = n.integer("cap", 0, 1, MAX_POINTS * 100);
        }
        BehaviourRule.PeriodCap periodCap = null;
        YamlNode pc = n.get("period-cap");
        if (!pc.isMissing()) {
            allowOnly(pc, "behaviour[].period-cap");
            requireKeys(pc, "points", "period");
            int capPoints = pc.integer("points", 1, 1, MAX_POINTS * 100);
            Duration period = pc.duration("period", Duration.ofDays(1));
            if (period.isZero()) {
                pc.get("period").problem("is zero, expected a positive duration such as 1d or 7d");
                period = Duration.ofDays(1);
            }
            periodCap = new BehaviourRule.PeriodCap(capPoints, period);
        }
        return new BehaviourRule(id, label(n, id), type == null ? ActivityType.OTHER : type,
                regex(n.get("asset")), points, cap, periodCap, n.bool("decays", true));
    }

    private FitRule fit(YamlNode n) {
        allowOnly(n, "fit[]");
        String id = id(n);
        String attribute = n.requiredString("attribute");
        if (attribute != null) {
            attribute = attribute.trim().toLowerCase(Locale.ROOT);
            if (!ScoringInput.STANDARD_ATTRIBUTES.contains(attribute) && !ATTRIBUTE.matcher(attribute).matches()) {
                n.get("attribute").problem("unknown attribute '" + attribute + "', expected one of "
                        + String.join(", ", new java.util.TreeSet<>(ScoringInput.STANDARD_ATTRIBUTES))
                        + " or custom.<name>");
            }
        }
        int points = points(n, false);
        boolean hasEquals = !n.get("equals").isMissing();
        boolean hasIn = !n.get("in").isMissing();
        boolean hasMatches = !n.get("matches").isMissing();
        boolean hasRange = !n.get("min").isMissing() || !n.get("max").isMissing();
        int conditions = (hasEquals ? 1 : 0) + (hasIn ? 1 : 0) + (hasMatches ? 1 : 0) + (hasRange ? 1 : 0);
        if (conditions != 1) {
            n.problem((conditions == 0 ? "has no condition" : "has " + conditions + " conditions")
                    + ", expected exactly one of equals, in, matches or min/max");
        }
        Set<String> anyOf = null;
        if (hasEquals || hasIn) {
            anyOf = new LinkedHashSet<>();
            for (String v : n.strings(hasEquals ? "equals" : "in")) {
                anyOf.add(v.trim().toLowerCase(Locale.ROOT));
            }
            if (anyOf.isEmpty()) {
                n.get(hasEquals ? "equals" : "in").problem("is empty, expected at least one value");
            }
        }
        Double min = hasRange && !n.get("min").isMissing() ? n.decimal("min", 0, -1e12, 1e12) : null;
        Double max = hasRange && !n.get("max").isMissing() ? n.decimal("max", 0, -1e12, 1e12) : null;
        if (min != null && max != null && min > max) {
            n.get("min").problem("is above max " + max + ", expected min <= max");
        }
        Pattern pattern = hasMatches ? regex(n.get("matches")) : null;
        return new FitRule(id, label(n, id), attribute == null ? "" : attribute,
                hasMatches || hasRange ? null : anyOf == null ? Set.of() : anyOf, pattern, min, max, points);
    }

    private NegativeRule negative(YamlNode n) {
        allowOnly(n, "negative[]");
        String id = id(n);
        if (n.get("when").isMissing()) {
            n.problem("missing required key 'when', expected email-domain, unsubscribed or bounced");
        }
        NegativeRule.When when = n.enumValue("when", NegativeRule.When.class, NegativeRule.When.EMAIL_DOMAIN);
        int points = points(n, true);
        List<String> domains = new ArrayList<>();
        for (String d : n.strings("domains")) {
            String clean = d.trim().toLowerCase(Locale.ROOT);
            if (clean.isEmpty() || clean.contains("@") || clean.contains(" ")) {
                n.get("domains").problem("'" + d + "' is not a domain, expected e.g. rival.com or .edu");
            } else {
                domains.add(clean);
            }
        }
        if (when == NegativeRule.When.EMAIL_DOMAIN && n.get("domains").isMissing()) {
            n.problem("missing required key 'domains' for when: email-domain, expected a list such as [.edu]");
        } else if (when != NegativeRule.When.EMAIL_DOMAIN && !n.get("domains").isMissing()) {
            n.get("domains").problem("is only used with when: email-domain, expected no domains here");
        }
        ScoreKind defaultKind = when == NegativeRule.When.EMAIL_DOMAIN ? ScoreKind.FIT : ScoreKind.ENGAGEMENT;
        ScoreKind kind = n.enumValue("score", ScoreKind.class, defaultKind);
        return new NegativeRule(id, label(n, id), when, domains, points, kind);
    }

    private String id(YamlNode n) {
        String id = n.requiredString("id");
        if (id == null) {
            return "invalid";
        }
        if (!ID.matcher(id).matches()) {
            n.get("id").problem("'" + id + "' is not a valid id, expected lower-case letters, digits and dashes");
        }
        YamlNode first = ids.putIfAbsent(id, n.get("id"));
        if (first != null) {
            n.get("id").problem("duplicate id '" + id + "', expected ids to be unique (first used at line "
                    + first.line() + ")");
        }
        return id;
    }

    private static String label(YamlNode n, String id) {
        String label = n.string("label", id).trim();
        if (label.isEmpty()) {
            n.get("label").problem("is blank, expected a short text for the CRM summary or no label key");
            return id;
        }
        return label;
    }

    private static int points(YamlNode n, boolean negativeOnly) {
        if (n.get("points").isMissing()) {
            n.problem("missing required key 'points', expected a whole number");
            return negativeOnly ? -1 : 1;
        }
        int p = n.integer("points", negativeOnly ? -1 : 1, -MAX_POINTS, negativeOnly ? -1 : MAX_POINTS);
        if (p == 0) {
            n.get("points").problem("is 0, expected points other than zero (remove the rule to turn it off)");
            return 1;
        }
        return p;
    }

    private static Pattern regex(YamlNode node) {
        String text = node.text();
        if (text == null) {
            return null;
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            node.problem("'" + text + "' is not a valid regular expression (" + e.getDescription() + " near index "
                    + e.getIndex() + "), expected a Java regex such as (?i)/pricing");
            return null;
        }
    }

    private static void allowOnly(YamlNode n, String section) {
        n.allowOnly(KEYS.get(section).toArray(String[]::new));
    }

    private static void requireKeys(YamlNode n, String... keys) {
        for (String k : keys) {
            if (n.get(k).isMissing()) {
                n.problem("missing required key '" + k + "'");
            }
        }
    }
}
