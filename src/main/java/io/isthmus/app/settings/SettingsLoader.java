package io.isthmus.app.settings;

import io.isthmus.app.config.ConfigProblem;
import io.isthmus.app.config.Problems;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code application.properties}, lets the environment override any key ({@code ISTHMUS_STORE_URL}),
 * resolves {@code ${env:NAME}} and {@code ${file:PATH}} references, and parses every option. All problems are
 * collected and reported together as {@code file:line key: what is wrong, what is expected}.
 */
public final class SettingsLoader {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}:]+)(?::([^}]*))?}");

    private final Map<String, String> env;

    public SettingsLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Loads the file (which may be absent: then defaults and environment only) plus {@code overrides} on top. */
    public IsthmusSettings load(Path file, Map<String, String> overrides) {
        Problems problems = new Problems();
        String fileName = file == null ? "<defaults>" : file.toString();
        List<String> lines = List.of();
        Properties props = new Properties();
        if (file != null && Files.exists(file)) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                lines = text.lines().toList();
                props.load(new StringReader(text));
            } catch (IOException | IllegalArgumentException e) {
                problems.add(new ConfigProblem(fileName, 0, 0, "", "cannot read settings: " + e.getMessage()));
            }
        } else if (file != null) {
            problems.add(new ConfigProblem(fileName, 0, 0, "", "settings file not found"));
        }
        Set<String> known = SettingsCatalog.ALL.stream().map(Option::key).collect(Collectors.toSet());
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("isthmus.") && !known.contains(key)) {
                problems.add(at(fileName, lines, key, "unknown setting; see docs/CONFIGURATION.md for the list"));
            }
        }
        Values values = new Values(fileName, lines, props, overrides, problems);
        IsthmusSettings settings = build(values);
        problems.throwIfAny();
        return settings;
    }

    private IsthmusSettings build(Values v) {
        boolean hubspotOn = v.get(SettingsCatalog.HUBSPOT_ENABLED);
        boolean salesforceOn = v.get(SettingsCatalog.SALESFORCE_ENABLED);
        IsthmusSettings.Store store = new IsthmusSettings.Store(v.get(SettingsCatalog.STORE_URL),
                v.get(SettingsCatalog.STORE_USER), v.get(SettingsCatalog.STORE_PASSWORD),
                v.get(SettingsCatalog.STORE_POOL_SIZE), v.get(SettingsCatalog.STORE_IDENTITY_SNAPSHOT));
        return new IsthmusSettings(
                v.get(SettingsCatalog.ROUTES_DIR),
                v.get(SettingsCatalog.MODEL_DIR),
                v.get(SettingsCatalog.DEFAULT_REGION),
                v.get(SettingsCatalog.LIFECYCLE_REFRESH_CRON),
                store,
                new IsthmusSettings.Http(v.get(SettingsCatalog.HTTP_HOST), v.get(SettingsCatalog.HTTP_PORT)),
                new IsthmusSettings.HubSpot(hubspotOn, v.get(SettingsCatalog.HUBSPOT_BASE_URL),
                        v.required(SettingsCatalog.HUBSPOT_TOKEN, hubspotOn), v.get(SettingsCatalog.HUBSPOT_CRON),
                        v.get(SettingsCatalog.HUBSPOT_PAGE_SIZE), v.get(SettingsCatalog.HUBSPOT_MAX_PAGES),
                        v.get(SettingsCatalog.HUBSPOT_OVERLAP), v.get(SettingsCatalog.HUBSPOT_PROPERTIES),
                        new IsthmusSettings.Activities(hubspotOn && v.get(SettingsCatalog.HUBSPOT_ACTIVITIES_ENABLED),
                                v.get(SettingsCatalog.HUBSPOT_ACTIVITIES_CRON),
                                v.get(SettingsCatalog.HUBSPOT_ACTIVITY_TYPES)),
                        new IsthmusSettings.EmailEvents(
                                hubspotOn && v.get(SettingsCatalog.HUBSPOT_EMAIL_EVENTS_ENABLED),
                                v.get(SettingsCatalog.HUBSPOT_EMAIL_EVENTS_CRON),
                                v.get(SettingsCatalog.HUBSPOT_EMAIL_EVENTS_BACKFILL))),
                new IsthmusSettings.Salesforce(salesforceOn, v.get(SettingsCatalog.SALESFORCE_LOGIN_URL),
                        v.required(SettingsCatalog.SALESFORCE_CLIENT_ID, salesforceOn),
                        v.required(SettingsCatalog.SALESFORCE_CLIENT_SECRET, salesforceOn && !jwtFlow(v)),
                        v.required(SettingsCatalog.SALESFORCE_USERNAME, salesforceOn && !refreshFlow(v)),
                        v.required(SettingsCatalog.SALESFORCE_PASSWORD, salesforceOn && passwordFlow(v)),
                        v.get(SettingsCatalog.SALESFORCE_API_VERSION), v.get(SettingsCatalog.SALESFORCE_EXTERNAL_ID),
                        v.get(SettingsCatalog.SALESFORCE_BATCH_SIZE), v.get(SettingsCatalog.SALESFORCE_SINK_INTERVAL),
                        v.get(SettingsCatalog.SALESFORCE_READBACK_CRON),
                        v.get(SettingsCatalog.OUTBOX_MAX_ATTEMPTS), auth(v, salesforceOn), sink(v)),
                new IsthmusSettings.Admin(v.get(SettingsCatalog.ADMIN_HOST), v.get(SettingsCatalog.ADMIN_PORT),
                        v.get(SettingsCatalog.ADMIN_TOKEN)),
                sources(v), cluster(v, store.url()));
    }

    private IsthmusSettings.Auth auth(Values v, boolean salesforceOn) {
        String flow = v.get(SettingsCatalog.SALESFORCE_AUTH);
        boolean jwt = salesforceOn && "jwt".equals(flow);
        return new IsthmusSettings.Auth(flow,
                v.required(SettingsCatalog.SALESFORCE_REFRESH_TOKEN, salesforceOn && "refresh-token".equals(flow)),
                v.required(SettingsCatalog.SALESFORCE_KEYSTORE, jwt),
                v.required(SettingsCatalog.SALESFORCE_KEYSTORE_PASSWORD, jwt));
    }

    private IsthmusSettings.Sink sink(Values v) {
        return new IsthmusSettings.Sink(v.get(SettingsCatalog.SALESFORCE_BULK_THRESHOLD),
                v.get(SettingsCatalog.SALESFORCE_BULK_JOB_SIZE), v.get(SettingsCatalog.SALESFORCE_BULK_TIMEOUT),
                v.get(SettingsCatalog.SALESFORCE_API_RESERVE), v.get(SettingsCatalog.SALESFORCE_API_SLOWDOWN),
                v.get(SettingsCatalog.SALESFORCE_LIMIT_PAUSE), v.get(SettingsCatalog.SALESFORCE_BACKOFF_BASE),
                v.get(SettingsCatalog.SALESFORCE_BACKOFF_MAX), v.get(SettingsCatalog.SALESFORCE_BREAKER_OPEN),
                v.get(SettingsCatalog.SALESFORCE_REQUEST_TIMEOUT));
    }

    private static boolean passwordFlow(Values v) {
        return "password".equals(v.get(SettingsCatalog.SALESFORCE_AUTH));
    }

    private static boolean jwtFlow(Values v) {
        return "jwt".equals(v.get(SettingsCatalog.SALESFORCE_AUTH));
    }

    private static boolean refreshFlow(Values v) {
        return "refresh-token".equals(v.get(SettingsCatalog.SALESFORCE_AUTH));
    }

    private IsthmusSettings.Sources sources(Values v) {
        boolean marketoOn = v.get(SettingsCatalog.MARKETO_ENABLED);
        boolean matomoOn = v.get(SettingsCatalog.MATOMO_ENABLED);
        boolean mauticOn = v.get(SettingsCatalog.MAUTIC_ENABLED);
        boolean mauticOauth = "oauth2".equals(v.get(SettingsCatalog.MAUTIC_AUTH));
        return new IsthmusSettings.Sources(
                new IsthmusSettings.SourceLimits(v.get(SettingsCatalog.SOURCES_RETRIES),
                        v.get(SettingsCatalog.SOURCES_BACKOFF_INITIAL), v.get(SettingsCatalog.SOURCES_BACKOFF_MAX),
                        v.get(SettingsCatalog.SOURCES_BREAKER_FAILURES),
                        v.get(SettingsCatalog.SOURCES_BREAKER_OPEN_FOR),
                        v.get(SettingsCatalog.SOURCES_MAX_INLINE_WAIT),
                        v.get(SettingsCatalog.SOURCES_CONNECT_TIMEOUT),
                        v.get(SettingsCatalog.SOURCES_RESPONSE_TIMEOUT),
                        v.get(SettingsCatalog.SOURCES_PREFETCH), v.get(SettingsCatalog.SOURCES_MAX_POLL_TIME)),
                new IsthmusSettings.Marketo(marketoOn, v.get(SettingsCatalog.MARKETO_BASE_URL),
                        v.required(SettingsCatalog.MARKETO_CLIENT_ID, marketoOn),
                        v.required(SettingsCatalog.MARKETO_CLIENT_SECRET, marketoOn),
                        v.get(SettingsCatalog.MARKETO_CRON), v.get(SettingsCatalog.MARKETO_ACTIVITY_TYPES),
                        v.get(SettingsCatalog.MARKETO_FIELDS), v.get(SettingsCatalog.MARKETO_OVERLAP),
                        v.get(SettingsCatalog.MARKETO_BACKFILL_FROM), v.get(SettingsCatalog.MARKETO_MAX_PAGES),
                        v.get(SettingsCatalog.MARKETO_RATE_PAUSE)),
                new IsthmusSettings.Matomo(matomoOn, v.get(SettingsCatalog.MATOMO_BASE_URL),
                        v.required(SettingsCatalog.MATOMO_TOKEN, matomoOn), v.get(SettingsCatalog.MATOMO_SITE_ID),
                        v.get(SettingsCatalog.MATOMO_CRON), v.get(SettingsCatalog.MATOMO_PAGE_SIZE),
                        v.get(SettingsCatalog.MATOMO_OVERLAP), v.get(SettingsCatalog.MATOMO_BACKFILL_FROM),
                        v.get(SettingsCatalog.MATOMO_MAX_PAGES)),
                new IsthmusSettings.Mautic(mauticOn, v.get(SettingsCatalog.MAUTIC_BASE_URL),
                        v.get(SettingsCatalog.MAUTIC_AUTH),
                        v.required(SettingsCatalog.MAUTIC_USERNAME, mauticOn && !mauticOauth),
                        v.required(SettingsCatalog.MAUTIC_PASSWORD, mauticOn && !mauticOauth),
                        v.required(SettingsCatalog.MAUTIC_CLIENT_ID, mauticOn && mauticOauth),
                        v.required(SettingsCatalog.MAUTIC_CLIENT_SECRET, mauticOn && mauticOauth),
                        v.get(SettingsCatalog.MAUTIC_CRON),
                        v.get(SettingsCatalog.MAUTIC_PAGE_SIZE), v.get(SettingsCatalog.MAUTIC_OVERLAP),
                        v.get(SettingsCatalog.MAUTIC_EVENTS), v.get(SettingsCatalog.MAUTIC_MAX_PAGES),
                        new IsthmusSettings.Reconcile(mauticOn && v.get(SettingsCatalog.MAUTIC_RECONCILE_ENABLED),
                                v.get(SettingsCatalog.MAUTIC_RECONCILE_CRON),
                                v.get(SettingsCatalog.MAUTIC_RECONCILE_PAGE_SIZE),
                                v.get(SettingsCatalog.MAUTIC_RECONCILE_MAX_PAGES))));
    }

    /** @param url the store URL already read (reading it again would report its problems twice) */
    private static IsthmusSettings.Cluster cluster(Values v, String url) {
        boolean on = v.get(SettingsCatalog.CLUSTER_ENABLED);
        if (on && url != null && !url.startsWith("jdbc:postgresql:")) {
            v.report(SettingsCatalog.CLUSTER_ENABLED, "needs a shared PostgreSQL store, but isthmus.store.url is "
                    + url.substring(0, url.indexOf(':', 5) + 1) + "...; set a jdbc:postgresql: URL or run one instance");
        }
        String id = v.get(SettingsCatalog.CLUSTER_INSTANCE_ID);
        if (id != null && !id.isEmpty() && !id.matches("[A-Za-z0-9._-]{1,64}")) {
            v.report(SettingsCatalog.CLUSTER_INSTANCE_ID, "'" + id + "' is malformed: expected 1 to 64 letters, "
                    + "digits, dots, dashes or underscores");
        }
        Duration checkin = v.get(SettingsCatalog.CLUSTER_CHECKIN_INTERVAL);
        if (checkin.compareTo(Duration.ofSeconds(1)) < 0 || checkin.compareTo(Duration.ofMinutes(5)) > 0) {
            v.report(SettingsCatalog.CLUSTER_CHECKIN_INTERVAL, checkin + " is out of range: expected 1s to 5m");
        }
        Duration catchUp = v.get(SettingsCatalog.CLUSTER_INDEX_CATCH_UP);
        if (catchUp.compareTo(Duration.ofSeconds(1)) < 0 || catchUp.compareTo(Duration.ofMinutes(10)) > 0) {
            v.report(SettingsCatalog.CLUSTER_INDEX_CATCH_UP, catchUp + " is out of range: expected 1s to 10m");
        }
        return new IsthmusSettings.Cluster(on, id == null || id.isEmpty() ? generatedInstanceId() : id, checkin,
                catchUp);
    }

    /** The host name plus a random suffix, at most 64 characters. */
    static String generatedInstanceId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        String id = host.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + java.util.UUID.randomUUID().toString()
                .substring(0, 8);
        return id.length() > 64 ? id.substring(id.length() - 64) : id;
    }

    private static ConfigProblem at(String fileName, List<String> lines, String key, String message) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).stripLeading();
            if (line.startsWith(key) && line.substring(key.length()).stripLeading().matches("^[=:].*")) {
                return new ConfigProblem(fileName, i + 1, 1, key, message);
            }
        }
        return new ConfigProblem(fileName, 0, 0, key, message);
    }

    /** Where each raw value came from and how it resolves. */
    private final class Values {
        private final String fileName;
        private final List<String> lines;
        private final Properties props;
        private final Map<String, String> overrides;
        private final Problems problems;
        private final Map<String, String> origin = new HashMap<>();

        Values(String fileName, List<String> lines, Properties props, Map<String, String> overrides,
               Problems problems) {
            this.fileName = fileName;
            this.lines = lines;
            this.props = props;
            this.overrides = overrides;
            this.problems = problems;
        }

        /** The parsed value; the default when absent or wrong (a wrong value is reported, so start-up stops). */
        <T> T get(Option<T> option) {
            T fallback = option.defaultText() == null ? null : option.parser().apply(option.defaultText());
            String raw = raw(option);
            if (raw == null) {
                return fallback;
            }
            String resolved = resolve(option, raw);
            if (resolved == null) {
                return fallback;
            }
            try {
                return option.parser().apply(resolved);
            } catch (IllegalArgumentException e) {
                String shown = option.secret() ? "the value" : "'" + resolved + "'";
                report(option, shown + " is malformed: " + e.getMessage());
                return fallback;
            }
        }

        /** A value only its enabled subsystem needs: not even resolved while that subsystem is off. */
        <T> T required(Option<T> option, boolean needed) {
            if (!needed) {
                return null;
            }
            T value = get(option);
            if (needed && (value == null || (value instanceof Secret s && s.isEmpty())
                    || (value instanceof String str && str.isBlank()))) {
                if (raw(option) == null) {
                    report(option, "is required; set it in the settings file or as " + option.envName());
                }
                return null;
            }
            return value;
        }

        private String raw(Option<?> option) {
            if (overrides.containsKey(option.key())) {
                origin.put(option.key(), "override");
                return overrides.get(option.key());
            }
            String fromEnv = env.get(option.envName());
            if (fromEnv != null) {
                origin.put(option.key(), "environment variable " + option.envName());
                return fromEnv;
            }
            String fromFile = props.getProperty(option.key());
            if (fromFile != null) {
                origin.put(option.key(), "file");
                String trimmed = fromFile.trim();
                if (option.secret() && !trimmed.isEmpty() && !REFERENCE.matcher(trimmed).matches()) {
                    report(option, "a secret must not be written in the file; write ${env:NAME} or ${file:PATH}");
                    return null;
                }
                return trimmed;
            }
            return null;
        }

        private String resolve(Option<?> option, String raw) {
            Matcher m = REFERENCE.matcher(raw);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value;
                if (m.group(1).equals("env")) {
                    value = env.get(m.group(2));
                    if (value == null) {
                        value = m.group(3);
                    }
                    if (value == null) {
                        report(option, "refers to environment variable " + m.group(2) + ", which is not set");
                        return null;
                    }
                } else {
                    try {
                        value = Files.readString(Path.of(m.group(2)), StandardCharsets.UTF_8).strip();
                    } catch (IOException e) {
                        report(option, "refers to file " + m.group(2) + ", which cannot be read");
                        return null;
                    }
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
        }

        private void report(Option<?> option, String message) {
            String where = origin.getOrDefault(option.key(), "file");
            if (where.equals("file")) {
                problems.add(at(fileName, lines, option.key(), message));
            } else {
                problems.add(new ConfigProblem(fileName, 0, 0, option.key(), message + " (from " + where + ")"));
            }
        }
    }
}
