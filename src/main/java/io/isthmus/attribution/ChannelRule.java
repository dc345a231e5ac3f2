package io.isthmus.attribution;

import io.isthmus.app.config.YamlNode;
import io.isthmus.source.ActivityType;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One row of the channel table: the conditions given must all match (UTM medium, UTM source, referrer host,
 * activity type). A null condition is not checked; a condition on a value the touch lacks does not match.
 *
 * @param channel    the channel named when the rule matches; never null
 * @param medium     matched against the whole utm_medium, ignoring case; null: not checked
 * @param source     matched against the whole utm_source, ignoring case; null: not checked
 * @param referrer   matched against the whole referrer host, ignoring case; null: not checked
 * @param activities activity types that match; empty: not checked
 */
public record ChannelRule(String channel, Pattern medium, Pattern source, Pattern referrer,
        Set<ActivityType> activities) {

    public ChannelRule {
        Objects.requireNonNull(channel, "channel");
        activities = Set.copyOf(activities);
        if (medium == null && source == null && referrer == null && activities.isEmpty()) {
            throw new IllegalArgumentException("rule for " + channel + " has no condition");
        }
    }

    /**
     * @param referrerHost the external referrer's host in lower case, or null when there is none
     */
    public boolean matches(String utmMedium, String utmSource, String referrerHost, ActivityType type) {
        return matches(medium, utmMedium) && matches(source, utmSource) && matches(referrer, referrerHost)
                && (activities.isEmpty() || (type != null && activities.contains(type)));
    }

    private static boolean matches(Pattern p, String value) {
        return p == null || (value != null && p.matcher(value).matches());
    }

    /** Parses one rule; null after reporting its problems. */
    static ChannelRule parse(YamlNode node) {
        node.allowOnly(ChannelClassifier.KEYS.get("rules[]").toArray(String[]::new));
        String channel = node.requiredString("channel");
        Pattern medium = pattern(node.get("medium"));
        Pattern source = pattern(node.get("source"));
        Pattern referrer = pattern(node.get("referrer"));
        Set<ActivityType> activities = EnumSet.noneOf(ActivityType.class);
        YamlNode activity = node.get("activity");
        for (YamlNode item : activity.isList() ? activity.list() : List.of(activity)) {
            if (!item.isMissing()) {
                ActivityType t = AttributionConfig.activityType(item);
                if (t != null) {
                    activities.add(t);
                }
            }
        }
        boolean anyCondition = !node.get("medium").isMissing() || !node.get("source").isMissing()
                || !node.get("referrer").isMissing() || !activity.isMissing();
        if (!anyCondition) {
            node.problem("rule has no condition, expected at least one of medium, source, referrer, activity");
            return null;
        }
        boolean broken = channel == null
                || (medium == null && !node.get("medium").isMissing())
                || (source == null && !node.get("source").isMissing())
                || (referrer == null && !node.get("referrer").isMissing())
                || (activities.isEmpty() && !activity.isMissing());
        return broken ? null : new ChannelRule(channel.trim(), medium, source, referrer, activities);
    }

    /** A case-insensitive pattern; null when missing, or after reporting a syntax error. */
    static Pattern pattern(YamlNode node) {
        String text = node.text();
        if (text == null) {
            return null;
        }
        try {
            return Pattern.compile(text, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            node.problem("'" + text + "' is not a valid regular expression (" + e.getDescription()
                    + " near index " + e.getIndex() + "), expected a Java regex such as \"(cpc|ppc)\"");
            return null;
        }
    }
}
