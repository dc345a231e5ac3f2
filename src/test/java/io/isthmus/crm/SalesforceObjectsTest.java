package io.isthmus.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.isthmus.app.config.ConfigException;
import io.isthmus.app.config.ConfigProblem;
import io.isthmus.app.config.Problems;
import io.isthmus.app.config.YamlFile;
import io.isthmus.app.config.YamlNode;
import io.isthmus.source.ActivityType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SalesforceObjectsTest {

    @TempDir
    Path dir;

    @Test
    void defaults_nameEveryObjectAndField() {
        SalesforceObjects o = SalesforceObjects.load(null);

        assertThat(o.contact().externalIdField()).isEqualTo("Isthmus_Buyer_Id__c");
        assertThat(o.task().period()).isEqualTo(SalesforceObjects.Period.DAY);
        assertThat(o.task().lookback()).isEqualTo(Duration.ofDays(30));
        assertThat(o.task().activityTypes()).startsWith(ActivityType.EMAIL_OPEN, ActivityType.EMAIL_CLICK,
                ActivityType.PAGE_VIEW);
        assertThat(o.campaignMember().campaigns()).isEmpty();
        assertThat(o.touchpoint().object()).isEqualTo("Isthmus_Touchpoint__c");
        assertThat(o.touchpoint().credits()).containsKeys(SalesforceObjects.MODELS.toArray(String[]::new));
        assertThat(o.touchpoint().leadField()).isNull();
    }

    @Test
    void aSectionLeftOut_keepsTheDefault_andTheShippedConfigFileLoads() throws Exception {
        Path f = dir.resolve("salesforce-objects.yaml");
        Files.writeString(f, "task:\n  external-id: Digest_Key__c\n  activity-types: [email-open]\n  period: week\n"
                + "  status: Completed\n  priority: Low\n");

        SalesforceObjects o = SalesforceObjects.load(f);

        assertThat(o.task().externalIdField()).isEqualTo("Digest_Key__c");
        assertThat(o.task().period()).isEqualTo(SalesforceObjects.Period.WEEK);
        assertThat(o.touchpoint()).isEqualTo(SalesforceObjects.load(null).touchpoint());
        assertThat(SalesforceObjects.load(Path.of("config/salesforce-objects.yaml"))).isNotNull();
    }

    @Test
    void badValues_areAllReportedWithFileLineAndPath() throws Exception {
        Path f = dir.resolve("salesforce-objects.yaml");
        Files.writeString(f, String.join("\n",
                "task:",
                "  external-id: Digest Key",
                "  activity-types: [email-open, email-opened]",
                "  period: month",
                "  zone: Mars/Olympus",
                "  status: Completed",
                "  priority: Normal",
                "campaign-member:",
                "  external-id: Isthmus_Key__c",
                "  activity-types: [form-fill]",
                "  status: Responded",
                "  campaigns:",
                "    spring-webinar: 0015g000000AbCdAAK",
                "touchpoint:",
                "  object: Lead",
                "  external-id: Isthmus_Key__c",
                "  fields: { buyer: Buyer__c, channel: Channel__c, occurred-at: At__c, colour: Colour__c }",
                "  credits: { linear: Linear__c, last-click: Last__c }",
                "contacts: {}",
                ""));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> SalesforceObjects.load(f));

        List<String> at = new ArrayList<>();
        for (ConfigProblem p : e.problems()) {
            assertThat(p.file()).isEqualTo(f.toString());
            at.add(p.line() + " " + p.path() + ": " + p.message());
        }
        assertThat(at).anySatisfy(s -> assertThat(s).startsWith("19 contacts: unknown key 'contacts'"))
                .anySatisfy(s -> assertThat(s).startsWith("2 task.external-id: 'Digest Key' is not a Salesforce"))
                .anySatisfy(s -> assertThat(s).startsWith("3 task.activity-types[1]: 'email-opened' is not an "
                        + "activity type"))
                .anySatisfy(s -> assertThat(s).startsWith("4 task.period: 'month' is not allowed, expected one of "
                        + "day, week"))
                .anySatisfy(s -> assertThat(s).startsWith("5 task.zone: 'Mars/Olympus' is not a time zone"))
                .anySatisfy(s -> assertThat(s).startsWith("13 campaign-member.campaigns.spring-webinar: "
                        + "'0015g000000AbCdAAK' is not a Campaign id"))
                .anySatisfy(s -> assertThat(s).startsWith("15 touchpoint.object: 'Lead' is written by isthmus"))
                .anySatisfy(s -> assertThat(s).startsWith("17 touchpoint.fields.colour: unknown key 'colour'"))
                .anySatisfy(s -> assertThat(s).startsWith("18 touchpoint.credits.last-click: unknown attribution "
                        + "model 'last-click'"));
        assertThat(at).hasSize(9);
    }

    @Test
    void defaults_everyKeyIsDocumented() throws Exception {
        String resource;
        try (var in = getClass().getClassLoader().getResourceAsStream(SalesforceObjects.DEFAULT_RESOURCE)) {
            resource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        YamlNode root = YamlFile.parse("defaults", resource, new Problems());
        List<String> keys = new ArrayList<>();
        leafPaths(root, keys);
        keys.add("campaign-member.campaigns.<campaign>");
        keys.add("touchpoint.fields.lead");
        keys.add("touchpoint.fields.contact");
        String doc = Files.readString(Path.of("docs/CONFIGURATION.md"));

        assertThat(keys).isNotEmpty().allSatisfy(k -> assertThat(doc).as("row for %s", k).contains("| `" + k + "` |"));
    }

    private static void leafPaths(YamlNode node, List<String> out) {
        node.entries().forEach((k, v) -> {
            out.add(v.path().replaceFirst("^touchpoint\\.(credits|revenue-credits)\\..*$", "touchpoint.$1.<model>"));
            if (v.isMap() && !v.path().endsWith("credits")) {
                leafPaths(v, out);
            }
        });
    }
}
