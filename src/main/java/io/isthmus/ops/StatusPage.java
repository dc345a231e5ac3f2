package io.isthmus.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The read-only status page for operators, rendered on the server from a {@link StatusSnapshot}: one self-contained
 * HTML document with inline CSS, no script and no external asset. Every value from the store is escaped, since
 * source names, error codes and messages come from outside. The route {@code status-page} serves it at
 * {@code /status} and the same figures as JSON at {@code /status.json} ({@link StatusJson}).
 */
public final class StatusPage {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** Usage share from which the API budget is shown as a warning. */
    private static final double BUDGET_WARN = 0.8;

    private final StatusQueries queries;

    public StatusPage(StatusQueries queries) {
        this.queries = queries;
    }

    /** The page as of now. */
    public String html() {
        return render(queries.snapshot());
    }

    /** The same figures as JSON. */
    public String json() {
        return StatusJson.render(queries.snapshot());
    }

    public static String render(StatusSnapshot s) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"30\">")
                .append("<title>isthmus status</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<header><h1>isthmus status</h1><p>as of <time id=\"as-of\">").append(time(s.at()))
                .append("</time> · ").append(s.buyers()).append(" buyers · refreshes every 30 s · ")
                .append("<a href=\"status.json\">JSON</a></p></header>\n<main>\n");
        cards(h, s);
        sources(h, s);
        deadLetters(h, s);
        funnel(h, s);
        h.append("</main></body></html>\n");
        return h.toString();
    }

    private static void cards(StringBuilder h, StatusSnapshot s) {
        StatusSnapshot.Outbox o = s.outbox();
        h.append("<section id=\"summary\" class=\"cards\">\n");
        card(h, "outbox-depth", "Outbox depth", Long.toString(o.pending()),
                o.oldestPending() == null ? "nothing waiting" : "oldest queued " + ago(o.oldestPending(), s.at()),
                o.pending() > 0 && age(o.oldestPending(), s.at()).toMinutes() >= 15 ? "warn" : "ok");
        card(h, "outbox-sent", "Sent in the last hour", Long.toString(o.sentLastHour()), "confirmed by the CRM",
                "ok");
        card(h, "outbox-dead", "Refused by the CRM", Long.toString(o.dead()), "outbox rows gone to dead letters",
                o.dead() > 0 ? "warn" : "ok");
        long open = s.deadLetters().stream().mapToLong(StatusSnapshot.DeadLetterGroup::count).sum();
        card(h, "dead-letters-open", "Open dead letters", Long.toString(open), "waiting for someone to look",
                open > 0 ? "warn" : "ok");
        StatusSnapshot.ApiUsage api = s.api();
        if (api == null) {
            card(h, "api-budget", "Salesforce API budget", "off", "the Salesforce sink is disabled", "idle");
        } else if (!api.known()) {
            card(h, "api-budget", "Salesforce API budget", "unknown", "no call made since start", "idle");
        } else {
            double share = (double) api.used() / api.limit();
            card(h, "api-budget", "Salesforce API budget", api.used() + " / " + api.limit(),
                    String.format(Locale.ROOT, "%.1f %% of the org's 24 h limit used", share * 100),
                    share >= BUDGET_WARN ? "warn" : "ok");
        }
        h.append("</section>\n");
    }

    private static void card(StringBuilder h, String id, String title, String value, String note, String state) {
        h.append("<div class=\"card ").append(state).append("\" id=\"").append(id).append("\"><h2>")
                .append(esc(title)).append("</h2><p class=\"value\">").append(esc(value)).append("</p><p class=\"note\">")
                .append(esc(note)).append("</p></div>\n");
    }

    private static void sources(StringBuilder h, StatusSnapshot s) {
        h.append("<section><h2>Sources</h2>\n");
        if (s.sources().isEmpty()) {
            h.append("<p class=\"empty\" id=\"sources\">No source has applied a page yet.</p></section>\n");
            return;
        }
        h.append("<table id=\"sources\"><thead><tr><th>source</th><th>last poll</th><th>lag</th>")
                .append("<th class=\"n\">pages</th><th class=\"n\">records</th><th class=\"n\">open dead letters</th>")
                .append("</tr></thead><tbody>\n");
        for (StatusSnapshot.Source src : s.sources()) {
            String lagNote = src.lagBasis() == StatusSnapshot.LagBasis.CURSOR
                    ? "read up to " + time(src.position()) : "since the last poll";
            h.append("<tr data-source=\"").append(esc(src.name())).append("\"><td class=\"name\">")
                    .append(esc(src.name())).append("</td><td class=\"t\">").append(time(src.lastPoll()))
                    .append(" <span class=\"ago\">(").append(ago(src.lastPoll(), s.at())).append(")</span></td>")
                    .append("<td class=\"t\" title=\"").append(esc(lagNote)).append("\">").append(duration(src.lag()))
                    .append(" <span class=\"ago\">").append(esc(src.lagBasis() == StatusSnapshot.LagBasis.CURSOR
                            ? "behind" : "since poll")).append("</span></td>")
                    .append("<td class=\"n\">").append(src.pagesApplied()).append("</td><td class=\"n\">")
                    .append(src.recordsApplied()).append("</td><td class=\"n")
                    .append(src.openDeadLetters() > 0 ? " bad" : "").append("\">").append(src.openDeadLetters())
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    private static void deadLetters(StringBuilder h, StatusSnapshot s) {
        h.append("<section><h2>Open dead letters by error</h2>\n");
        if (s.deadLetters().isEmpty()) {
            h.append("<p class=\"empty\" id=\"dead-letters\">None.</p></section>\n");
            return;
        }
        h.append("<table id=\"dead-letters\"><thead><tr><th>kind</th><th>error code</th><th class=\"n\">open</th>")
                .append("<th>latest</th><th>latest message</th></tr></thead><tbody>\n");
        for (StatusSnapshot.DeadLetterGroup g : s.deadLetters()) {
            h.append("<tr><td>").append(esc(g.kind())).append("</td><td class=\"code\">")
                    .append(esc(g.errorCode() == null ? "(none)" : g.errorCode())).append("</td><td class=\"n\">")
                    .append(g.count()).append("</td><td class=\"t\">").append(ago(g.latest(), s.at()))
                    .append("</td><td class=\"msg\">")
                    .append(esc(shorten(g.latestMessage(), 160))).append("</td></tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    private static void funnel(StringBuilder h, StatusSnapshot s) {
        h.append("<section><h2>Funnel</h2>\n");
        if (s.funnel().isEmpty()) {
            h.append("<p class=\"empty\" id=\"funnel\">No buyer has a stage yet.</p></section>\n");
            return;
        }
        long max = s.funnel().stream().mapToLong(StatusSnapshot.StageCount::buyers).max().orElse(1);
        h.append("<table id=\"funnel\"><thead><tr><th>stage</th><th class=\"n\">buyers</th><th class=\"bar\"></th>")
                .append("</tr></thead><tbody>\n");
        for (StatusSnapshot.StageCount c : s.funnel()) {
            long width = max == 0 ? 0 : Math.round(100.0 * c.buyers() / max);
            h.append("<tr data-stage=\"").append(esc(c.stage())).append("\"><td>").append(esc(c.stage()))
                    .append("</td><td class=\"n\">").append(c.buyers()).append("</td><td class=\"bar\">")
                    .append("<span style=\"width:").append(width).append("%\"></span></td></tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    static String time(Instant t) {
        return t == null ? "—" : TIME.format(t);
    }

    static String ago(Instant t, Instant now) {
        return t == null ? "—" : duration(age(t, now)) + " ago";
    }

    private static Duration age(Instant t, Instant now) {
        return t == null || t.isAfter(now) ? Duration.ZERO : Duration.between(t, now);
    }

    /** A short human duration: 42s, 4m 05s, 3h 12m, 2d 04h. */
    static String duration(Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%dd %02dh", s / 86_400, (s % 86_400) / 3600);
    }

    private static String shorten(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "…";
    }

    private static final String CSS = String.join("",
            "*{box-sizing:border-box}",
            "body{margin:0;font:14px/1.45 'DejaVu Sans',Verdana,sans-serif;color:#1f2937;background:#f3f4f6}",
            "header{background:#1e3a5f;color:#fff;padding:16px 32px}",
            "header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#cbd5e1}header a{color:#fff}",
            "main{padding:8px 32px 32px}",
            "h2{font-size:16px;margin:24px 0 8px}",
            ".cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}",
            ".card{flex:1 1 200px;background:#fff;border-radius:6px;padding:12px 16px;border-left:6px solid #16a34a}",
            ".card.warn{border-left-color:#d97706}.card.idle{border-left-color:#9ca3af}",
            ".card h2{margin:0;font-size:13px;font-weight:normal;color:#4b5563}",
            ".card .value{margin:4px 0;font-size:24px;font-weight:bold;white-space:nowrap}.card .note{margin:0;color:#6b7280;font-size:12px}",
            "table{width:100%;border-collapse:collapse;background:#fff;border-radius:6px;overflow:hidden}",
            "th,td{padding:7px 10px;text-align:left;border-bottom:1px solid #e5e7eb;vertical-align:top}",
            "th{background:#e5e7eb;font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:#374151}",
            "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}",
            "td.bad{color:#b91c1c;font-weight:bold}td.code{font-family:'DejaVu Sans Mono',monospace}",
            "td.msg{color:#4b5563;word-break:break-word}.ago{color:#6b7280;font-size:12px}td.t{white-space:nowrap}",
            "td.bar{width:55%}td.bar span{display:block;height:14px;background:#2563eb;border-radius:3px;min-width:2px}",
            ".empty{background:#fff;padding:12px;border-radius:6px;color:#6b7280}");
}
