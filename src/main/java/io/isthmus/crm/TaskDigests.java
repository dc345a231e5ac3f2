package io.isthmus.crm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.source.ActivityType;
import io.isthmus.source.SourceActivity;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Salesforce Task per buyer and period summarising the activities sales should see, instead of one Task per
 * email open: subject {@code "3 email opens, pricing page ×2"}, one description line per activity. The Task's external
 * id is {@code <buyer id>/<period>/<first day>}, so sending it again (a new activity in the same period, a replay)
 * updates the same Task. Periods that started longer than the lookback ago are left as they are.
 */
public final class TaskDigests {

    public static final String SOBJECT = "Task";
    private static final int SUBJECT_MAX = 255;
    private static final int DESCRIPTION_MAX = 32_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final SalesforceObjects.TaskDigest config;
    private final ObjectMapper json = new ObjectMapper();

    public TaskDigests(SalesforceObjects.TaskDigest config) {
        this.config = config;
    }

    /** The digests of every period within the lookback that holds an activity of a configured type. */
    public List<CrmCommand> digests(String buyerId, List<SourceActivity> activities, Instant now) {
        if (!config.enabled()) {
            return List.of();
        }
        LocalDate oldest = start(now.minus(config.lookback()));
        TreeMap<LocalDate, List<SourceActivity>> byPeriod = new TreeMap<>();
        for (SourceActivity a : activities) {
            if (!config.activityTypes().contains(a.type())) {
                continue;
            }
            LocalDate start = start(a.occurredAt());
            if (!start.isBefore(oldest)) {
                byPeriod.computeIfAbsent(start, k -> new ArrayList<>()).add(a);
            }
        }
        List<CrmCommand> out = new ArrayList<>(byPeriod.size());
        byPeriod.forEach((start, list) -> out.add(digest(buyerId, start, list)));
        return out;
    }

    private CrmCommand digest(String buyerId, LocalDate start, List<SourceActivity> list) {
        list.sort(java.util.Comparator.comparing(SourceActivity::occurredAt).thenComparing(SourceActivity::sourceId));
        ObjectNode t = json.createObjectNode();
        t.put("Subject", fit(config.subjectPrefix() + summary(list), SUBJECT_MAX));
        t.put("ActivityDate", start.toString());
        t.put("Status", config.status());
        t.put("Priority", config.priority());
        StringBuilder d = new StringBuilder();
        for (SourceActivity a : list) {
            d.append(TIME.format(a.occurredAt().atZone(config.zone()))).append(' ').append(label(a.type(), 1));
            if (a.asset() != null) {
                d.append(": ").append(a.asset());
            }
            if (a.campaign() != null) {
                d.append(" (campaign ").append(a.campaign()).append(')');
            }
            d.append('\n');
        }
        t.put("Description", fit(d.toString(), DESCRIPTION_MAX));
        String period = config.period().name().toLowerCase(java.util.Locale.ROOT);
        return new CrmCommand(SOBJECT, buyerId + "/" + period + "/" + start, t.toString());
    }

    /** {@code "3 email opens, pricing page ×2"}: types in configured order, page views by page. */
    String summary(List<SourceActivity> list) {
        List<String> parts = new ArrayList<>();
        for (ActivityType type : config.activityTypes()) {
            if (type == ActivityType.PAGE_VIEW) {
                Map<String, Integer> pages = new LinkedHashMap<>();
                list.stream().filter(a -> a.type() == type).forEach(a -> pages.merge(page(a.asset()), 1,
                        Integer::sum));
                pages.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                        .forEach(e -> parts.add(e.getKey() + (e.getValue() > 1 ? " ×" + e.getValue() : "")));
            } else {
                long n = list.stream().filter(a -> a.type() == type).count();
                if (n > 0) {
                    parts.add(n + " " + label(type, n));
                }
            }
        }
        return String.join(", ", parts);
    }

    private LocalDate start(Instant t) {
        ZonedDateTime z = t.atZone(config.zone());
        LocalDate day = z.toLocalDate();
        return config.period() == SalesforceObjects.Period.WEEK
                ? day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : day;
    }

    /** The page a view was of, by the last segment of its path: {@code https://x.com/pricing?a=1} → pricing page. */
    static String page(String asset) {
        if (asset == null || asset.isBlank()) {
            return "a page";
        }
        String path = asset;
        try {
            URI u = URI.create(asset.trim());
            if (u.getPath() != null) {
                path = u.getPath();
            }
        } catch (IllegalArgumentException e) {
            int q = path.indexOf('?');
            path = q >= 0 ? path.substring(0, q) : path;
        }
        String[] segments = path.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            if (!segments[i].isBlank()) {
                return segments[i].replaceAll("\\.html?$", "") + " page";
            }
        }
        return "home page";
    }

    private static String label(ActivityType type, long n) {
        String base = type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return n == 1 ? base : base + "s";
    }

    private static String fit(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
