package io.isthmus.attribution;

import io.isthmus.app.config.Problems;
import io.isthmus.app.config.YamlNode;
import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity.Utm;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names the channel of a touch from its UTM tags, its referrer and its activity type with an ordered rule table
 * ({@code config/channels.yaml} over {@value #DEFAULT_RESOURCE}): the first matching rule wins; with no match,
 * a touch with no UTM source or medium and no external referrer is {@code direct-channel}, any other is
 * {@code other-channel}. Immutable and thread-safe.
 */
public final class ChannelClassifier {

    public static final String DEFAULT_RESOURCE = "isthmus/channels-default.yaml";

    /** Every key the file may hold, by section; the published schema is checked against this list. */
    static final Map<String, List<String>> KEYS = Map.of(
            "", List.of("internal-hosts", "direct-channel", "other-channel", "rules"),
            "rules[]", List.of("channel", "medium", "source", "referrer", "activity"));

    private final List<ChannelRule> rules;
    private final List<Pattern> internalHosts;
    private final String directChannel;
    private final String otherChannel;

    /** @param internalHosts referrer hosts (whole-host patterns) that count as no referrer */
    public ChannelClassifier(List<ChannelRule> rules, List<Pattern> internalHosts, String directChannel,
            String otherChannel) {
        this.rules = List.copyOf(rules);
        this.internalHosts = List.copyOf(internalHosts);
        this.directChannel = Objects.requireNonNull(directChannel, "directChannel");
        this.otherChannel = Objects.requireNonNull(otherChannel, "otherChannel");
    }

    /** Reads {@code file} (null or absent: defaults only); throws ConfigException listing every problem. */
    public static ChannelClassifier load(Path file) {
        Problems problems = new Problems();
        YamlNode defaults = ConfigFiles.resource(DEFAULT_RESOURCE, problems);
        YamlNode user = ConfigFiles.optionalFile(file, problems);
        ChannelClassifier classifier = parse(user, defaults);
        problems.throwIfAny();
        return classifier;
    }

    /** Parses without throwing; problems go to the nodes' shared {@link Problems}. */
    public static ChannelClassifier parse(YamlNode user, YamlNode defaults) {
        user.allowOnly(KEYS.get("").toArray(String[]::new));
        List<Pattern> internal = new ArrayList<>();
        for (YamlNode item : ConfigFiles.pick(user, defaults, "internal-hosts").list()) {
            Pattern p = ChannelRule.pattern(item);
            if (p != null) {
                internal.add(p);
            }
        }
        String direct = channelName(ConfigFiles.pick(user, defaults, "direct-channel"), "Direct");
        String other = channelName(ConfigFiles.pick(user, defaults, "other-channel"), "Other");
        YamlNode ruleList = ConfigFiles.pick(user, defaults, "rules");
        List<ChannelRule> rules = new ArrayList<>();
        for (YamlNode item : ruleList.list()) {
            ChannelRule r = ChannelRule.parse(item);
            if (r != null) {
                rules.add(r);
            }
        }
        return new ChannelClassifier(rules, internal, direct, other);
    }

    private static String channelName(YamlNode node, String fallback) {
        String v = node.text();
        if (v == null || v.isBlank()) {
            node.problem("missing channel name, expected e.g. " + fallback);
            return fallback;
        }
        return v.trim();
    }

    /**
     * @param utm      the touch's UTM tags; null means none
     * @param referrer the referring URL or host; null or blank when there was none
     * @param type     the activity type; may be null when unknown (activity conditions then do not match)
     */
    public String classify(Utm utm, String referrer, ActivityType type) {
        Utm u = utm == null ? Utm.NONE : utm;
        String medium = blankToNull(u.medium());
        String source = blankToNull(u.source());
        String host = externalHost(referrer);
        for (ChannelRule rule : rules) {
            if (rule.matches(medium, source, host, type)) {
                return rule.channel();
            }
        }
        return medium == null && source == null && host == null ? directChannel : otherChannel;
    }

    /** The referrer's host in lower case, or null when there is none or it is one of our own hosts. */
    String externalHost(String referrer) {
        String host = host(referrer);
        if (host == null) {
            return null;
        }
        for (Pattern p : internalHosts) {
            if (p.matcher(host).matches()) {
                return null;
            }
        }
        return host;
    }

    /** Host of a URL ({@code https://www.google.com/search?q=x}) or of a bare host ({@code www.google.com}). */
    static String host(String referrer) {
        String r = blankToNull(referrer);
        if (r == null) {
            return null;
        }
        String candidate = r.contains("://") ? r : "http://" + r;
        try {
            String host = new URI(candidate).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            // Browsers send odd referrers; take what precedes the first '/', '?' or '#' as the host.
            String bare = candidate.substring(candidate.indexOf("://") + 3).split("[/?#:]", 2)[0];
            return bare.isBlank() ? null : bare.toLowerCase(Locale.ROOT);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
