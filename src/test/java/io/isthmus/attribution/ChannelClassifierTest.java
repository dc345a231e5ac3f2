package io.isthmus.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.app.config.ConfigException;
import io.isthmus.app.config.Problems;
import io.isthmus.app.config.YamlFile;
import io.isthmus.app.config.YamlNode;
import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity.Utm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelClassifierTest {

    private static final ChannelClassifier DEFAULTS = ChannelClassifier.load(null);

    @ParameterizedTest(name = "{0}/{1} referrer {2} {3} → {4}")
    @CsvSource(nullValues = "-", value = {
        // utm source, utm medium, referrer, activity, expected channel
        "google,      cpc,          -,                                    form-fill,        Paid Search",
        "bing,        PPC,          -,                                    page-view,        Paid Search",
        "linkedin,    cpc,          -,                                    form-fill,        Paid Social",
        "facebook,    paid-social,  -,                                    page-view,        Paid Social",
        "newsletter,  email,        -,                                    page-view,        Email",
        "-,           e-mail,       -,                                    page-view,        Email",
        "adroll,      display,      -,                                    page-view,        Display",
        "-,           webinar,      -,                                    form-fill,        Events",
        "-,           -,            -,                                    event-attended,   Events",
        "-,           -,            -,                                    webinar-attended, Events",
        "twitter,     social,       -,                                    page-view,        Organic Social",
        "-,           organic,      -,                                    page-view,        Organic Search",
        "partner-x,   referral,     -,                                    page-view,        Referral",
        "-,           -,            https://www.google.com/search?q=crm, page-view,        Organic Search",
        "-,           -,            https://www.google.co.uk/,            page-view,        Organic Search",
        "-,           -,            duckduckgo.com,                       page-view,        Organic Search",
        "-,           -,            https://mail.google.com/mail/u/0/,    page-view,        Email",
        "-,           -,            https://t.co/abc,                     page-view,        Organic Social",
        "-,           -,            https://www.linkedin.com/feed/,       page-view,        Organic Social",
        "-,           -,            https://blog.partner.io/post,         page-view,        Referral",
        "-,           -,            -,                                    page-view,        Direct",
        "-,           -,            '  ',                                 form-fill,        Direct",
        "someone,     carrier-pigeon, -,                                  page-view,        Other",
    })
    void classify_defaultTable(String source, String medium, String referrer, String activity, String expected) {
        ActivityType type = ActivityType.valueOf(activity.toUpperCase().replace('-', '_'));
        assertThat(DEFAULTS.classify(new Utm(source, medium, null, null, null), referrer, type)).isEqualTo(expected);
    }

    @Test
    void classify_internalReferrer_countsAsDirect() {
        Problems problems = new Problems();
        YamlNode user = YamlFile.parse("channels.yaml", "internal-hosts: ['(.+\\.)?isthmus\\.example']\n", problems);
        ChannelClassifier c = ChannelClassifier.parse(user, defaults(problems));
        assertThat(problems.list()).isEmpty();
        assertThat(c.classify(Utm.NONE, "https://www.isthmus.example/pricing", ActivityType.PAGE_VIEW))
                .isEqualTo("Direct");
        assertThat(DEFAULTS.classify(Utm.NONE, "https://www.isthmus.example/pricing", ActivityType.PAGE_VIEW))
                .isEqualTo("Referral");
    }

    @Test
    void classify_userRules_replaceDefaultsAndKeepOrder() {
        Problems problems = new Problems();
        YamlNode user = YamlFile.parse("channels.yaml", """
                other-channel: Unknown
                rules:
                  - channel: Partner
                    source: "acme.*"
                  - channel: Paid
                    medium: cpc
                """, problems);
        ChannelClassifier c = ChannelClassifier.parse(user, defaults(problems));
        assertThat(problems.list()).isEmpty();
        assertThat(c.classify(new Utm("acme-news", "cpc", null, null, null), null, ActivityType.PAGE_VIEW))
                .isEqualTo("Partner");
        assertThat(c.classify(new Utm("google", "cpc", null, null, null), null, ActivityType.PAGE_VIEW))
                .isEqualTo("Paid");
        assertThat(c.classify(Utm.NONE, "https://www.google.com/", ActivityType.PAGE_VIEW)).isEqualTo("Unknown");
        assertThat(c.classify(Utm.NONE, null, ActivityType.PAGE_VIEW)).isEqualTo("Direct");
    }

    @Test
    void classify_unknownActivityType_skipsActivityRules() {
        assertThat(DEFAULTS.classify(null, null, null)).isEqualTo("Direct");
        assertThat(DEFAULTS.classify(new Utm("google", "cpc", null, null, null), null, null)).isEqualTo("Paid Search");
    }

    @Test
    void host_oddReferrers_yieldHostOrNull() {
        assertThat(ChannelClassifier.host("https://WWW.Google.com:443/x?y")).isEqualTo("www.google.com");
        assertThat(ChannelClassifier.host("www.bing.com/search")).isEqualTo("www.bing.com");
        assertThat(ChannelClassifier.host("https://bad host/%%")).isEqualTo("bad host");
        assertThat(ChannelClassifier.host("")).isNull();
        assertThat(ChannelClassifier.host(null)).isNull();
    }

    @Test
    void load_badRulesFile_reportsEveryProblemWithLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("channels.yaml");
        Files.writeString(file, """
                direct-channel: Direct
                rules:
                  - channel: Broken
                    medium: "(cpc"
                  - channel: Nothing
                  - medium: email
                  - channel: Events
                    activity: [party]
                    colour: red
                """);
        assertThatThrownBy(() -> ChannelClassifier.load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(Object::toString)
                        .containsExactly(
                                file + ":4:13 rules[0].medium: '(cpc' is not a valid regular expression"
                                        + " (Unclosed group near index 4), expected a Java regex such as \"(cpc|ppc)\"",
                                file + ":5:5 rules[1]: rule has no condition, expected at least one of medium, "
                                        + "source, referrer, activity",
                                file + ":6:5 rules[2]: missing required key 'channel'",
                                file + ":9:13 rules[3].colour: unknown key 'colour', expected one of channel, medium,"
                                        + " source, referrer, activity",
                                file + ":8:16 rules[3].activity[0]: 'party' is not an activity type, expected one of "
                                        + "page-view, email-sent, email-delivered, email-open, email-click, "
                                        + "email-bounce, form-fill, content-download, webinar-registered, "
                                        + "webinar-attended, event-attended, campaign-response, outlink, goal, other"));
    }

    @Test
    void defaultAndShippedFiles_parseWithoutProblems() {
        assertThat(ChannelClassifier.load(Path.of("config/channels.yaml"))).isNotNull();
    }

    private static YamlNode defaults(Problems problems) {
        return ConfigFiles.resource(ChannelClassifier.DEFAULT_RESOURCE, problems);
    }
}
