package io.isthmus.crm;

import io.isthmus.app.config.ConfigException;
import io.isthmus.app.config.ConfigProblem;
import io.isthmus.app.config.Problems;
import io.isthmus.app.config.YamlFile;
import io.isthmus.app.config.YamlNode;
import io.isthmus.source.ActivityType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Salesforce objects isthmus writes besides Leads, read once from {@code salesforce-objects.yaml}: the Contact a
 * converted Lead became, Task digests of the activities sales should see, CampaignMembers for campaign responses and
 * the touchpoint custom object with attribution credits. Each section the operator's file leaves out keeps the
 * built-in default section; every problem is reported as {@code file:line:column path: …}.
 */
public record SalesforceObjects(Contact contact, TaskDigest task, CampaignMembers campaignMember,
                                Touchpoints touchpoint) {

    public static final String DEFAULT_RESOURCE = "isthmus/salesforce-objects-default.yaml";
    /** The attribution models whose credit a touchpoint field may hold (names as in attribution.yaml). */
    static final List<String> MODELS = List.of("first-touch", "last-touch", "linear", "u-shaped", "w-shaped",
            "full-path", "time-decay");
    private static final String API_NAME = "[A-Za-z][A-Za-z0-9_]{0,79}";

    /** @param externalIdField the Contact field holding the buyer id (filled by the Lead conversion's field map) */
    public record Contact(String externalIdField) {
    }

    /** How long one Task digest covers. */
    public enum Period { DAY, WEEK }

    /**
     * One Task per buyer and period summarising the activities of {@code activityTypes}.
     *
     * @param lookback periods starting longer ago than this are not (re)written: a backfill does not flood sales
     */
    public record TaskDigest(boolean enabled, String externalIdField, List<ActivityType> activityTypes, Period period,
                             ZoneId zone, Duration lookback, String subjectPrefix, String status, String priority) {
    }

    /**
     * One CampaignMember per buyer and Salesforce Campaign for activities of {@code activityTypes} whose source
     * campaign is a key of {@code campaigns} (source campaign name → Salesforce Campaign id).
     */
    public record CampaignMembers(boolean enabled, String externalIdField, Set<ActivityType> activityTypes,
                                  String status, Map<String, String> campaigns) {
    }

    /**
     * The touchpoint custom object: one record per buyer and touch, and one per opportunity and touch. Field names
     * are API names; {@code leadField}, {@code contactField} (lookups) and the other optional fields may be null.
     * {@code credits}: model name → the field holding its weight; {@code revenueCredits}: model name → the field
     * holding the touch's share of a won opportunity's amount.
     */
    public record Touchpoints(boolean enabled, String object, String externalIdField, String buyerField,
                              String leadField, String contactField, String opportunityField, String channelField,
                              String campaignField, String assetField, String activityTypeField,
                              String occurredAtField, String stageField, Map<String, String> credits,
                              Map<String, String> revenueCredits) {
    }

    /** Reads {@code file} over the built-in default; the default alone when {@code file} is null or absent. */
    public static SalesforceObjects load(Path file) {
        Problems problems = new Problems();
        YamlNode defaults = resource(problems);
        YamlNode user = file != null && Files.exists(file) ? YamlFile.load(file, problems)
                : YamlFile.parse(file == null ? "<none>" : file.toString(), "", problems);
        SalesforceObjects o = parse(user, defaults);
        problems.throwIfAny();
        return o;
    }

    static SalesforceObjects parse(YamlNode user, YamlNode defaults) {
        user.allowOnly("contact", "task", "campaign-member", "touchpoint");
        YamlNode contact = pick(user, defaults, "contact");
        contact.allowOnly("external-id");
        Contact c = new Contact(apiName(contact, "external-id"));

        YamlNode task = pick(user, defaults, "task");
        task.allowOnly("enabled", "external-id", "activity-types", "period", "zone", "lookback", "subject-prefix",
                "status", "priority");
        TaskDigest t = new TaskDigest(task.bool("enabled", true), apiName(task, "external-id"),
                List.copyOf(activityTypes(task)), task.enumValue("period", Period.class, Period.DAY),
                zone(task), task.duration("lookback", Duration.ofDays(30)), task.string("subject-prefix", ""),
                required(task, "status"), required(task, "priority"));

        YamlNode member = pick(user, defaults, "campaign-member");
        member.allowOnly("enabled", "external-id", "activity-types", "status", "campaigns");
        Map<String, String> campaigns = new LinkedHashMap<>();
        member.get("campaigns").entries().forEach((name, id) -> {
            String v = id.text();
            if (v == null || !v.matches("701[A-Za-z0-9]{12}([A-Za-z0-9]{3})?")) {
                id.problem("'" + v + "' is not a Campaign id, expected the 15 or 18 character id starting with 701");
            } else {
                campaigns.put(name, v);
            }
        });
        CampaignMembers m = new CampaignMembers(member.bool("enabled", true), apiName(member, "external-id"),
                Set.copyOf(activityTypes(member)), required(member, "status"), Map.copyOf(campaigns));

        YamlNode tp = pick(user, defaults, "touchpoint");
        tp.allowOnly("enabled", "object", "external-id", "fields", "credits", "revenue-credits");
        YamlNode f = tp.get("fields");
        f.allowOnly("buyer", "lead", "contact", "opportunity", "channel", "campaign", "asset", "activity-type",
                "occurred-at", "stage");
        Map<String, String> credits = modelFields(tp.get("credits"));
        Map<String, String> revenue = modelFields(tp.get("revenue-credits"));
        String object = apiName(tp, "object");
        Touchpoints p = new Touchpoints(tp.bool("enabled", true), object, apiName(tp, "external-id"),
                apiName(f, "buyer"), optionalApiName(f, "lead"), optionalApiName(f, "contact"),
                optionalApiName(f, "opportunity"), apiName(f, "channel"), optionalApiName(f, "campaign"),
                optionalApiName(f, "asset"), optionalApiName(f, "activity-type"), apiName(f, "occurred-at"),
                optionalApiName(f, "stage"), credits, revenue);
        if (object != null && (object.equals("Lead") || object.equals("Contact") || object.equals("Task")
                || object.equals("CampaignMember"))) {
            tp.get("object").problem("'" + object + "' is written by isthmus already, expected a custom object "
                    + "such as Isthmus_Touchpoint__c");
        }
        return new SalesforceObjects(c, t, m, p);
    }

    /** A map of attribution model → field API name. */
    private static Map<String, String> modelFields(YamlNode map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.entries().forEach((model, field) -> {
            if (!MODELS.contains(model)) {
                field.problem("unknown attribution model '" + model + "', expected one of "
                        + String.join(", ", MODELS));
            }
            String v = field.text();
            if (v == null || !v.matches(API_NAME)) {
                field.problem("'" + v + "' is not a Salesforce field API name, expected e.g. Linear_Credit__c");
            } else {
                out.put(model, v);
            }
        });
        // Insertion order kept: payload field order must not change between runs (the outbox compares hashes).
        return java.util.Collections.unmodifiableMap(out);
    }

    private static YamlNode pick(YamlNode user, YamlNode defaults, String key) {
        YamlNode own = user.get(key);
        return own.isMissing() ? defaults.get(key) : own;
    }

    private static String required(YamlNode n, String key) {
        return n.requiredString(key);
    }

    private static String apiName(YamlNode n, String key) {
        String v = n.requiredString(key);
        if (v != null && !v.matches(API_NAME)) {
            n.get(key).problem("'" + v + "' is not a Salesforce API name, expected e.g. Isthmus_Key__c");
            return null;
        }
        return v;
    }

    private static String optionalApiName(YamlNode n, String key) {
        String v = n.string(key, null);
        if (v != null && !v.matches(API_NAME)) {
            n.get(key).problem("'" + v + "' is not a Salesforce API name, expected e.g. Isthmus_Key__c");
            return null;
        }
        return v;
    }

    private static ZoneId zone(YamlNode n) {
        String v = n.string("zone", "UTC");
        try {
            return ZoneId.of(v);
        } catch (DateTimeException e) {
            n.get("zone").problem("'" + v + "' is not a time zone, expected e.g. UTC or Europe/Paris");
            return ZoneId.of("UTC");
        }
    }

    private static Set<ActivityType> activityTypes(YamlNode n) {
        Set<ActivityType> out = new LinkedHashSet<>();
        YamlNode list = n.get("activity-types");
        for (YamlNode item : list.list()) {
            String v = item.text();
            ActivityType t = v == null ? null : byName(v);
            if (t == null) {
                item.problem("'" + v + "' is not an activity type, expected one of " + String.join(", ",
                        java.util.Arrays.stream(ActivityType.values()).map(SalesforceObjects::kebab).toList()));
            } else {
                out.add(t);
            }
        }
        if (list.isMissing()) {
            n.problem("missing 'activity-types', expected a list such as [email-open, page-view]");
        }
        return out;
    }

    private static ActivityType byName(String v) {
        String wanted = v.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (ActivityType t : ActivityType.values()) {
            if (t.name().equals(wanted)) {
                return t;
            }
        }
        return null;
    }

    static String kebab(ActivityType t) {
        return t.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static YamlNode resource(Problems problems) {
        try (InputStream in = SalesforceObjects.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new ConfigException(List.of(new ConfigProblem("classpath:" + DEFAULT_RESOURCE, 0, 0, "",
                        "default resource is missing from the jar")));
            }
            return YamlFile.parse("classpath:" + DEFAULT_RESOURCE,
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), problems);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem("classpath:" + DEFAULT_RESOURCE, 0, 0, "",
                    "cannot read the default resource (" + e.getMessage() + ")")));
        }
    }
}
