package io.isthmus.app.settings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.quartz.CronExpression;

/** Value parsers for settings; each names what it expects when the text does not fit. */
final class Parsers {

    private Parsers() {
    }

    static Function<String, String> text() {
        return s -> s;
    }

    static Function<String, Secret> secret() {
        return Secret::new;
    }

    static Function<String, Path> path() {
        return s -> {
            if (s.isBlank()) {
                throw new IllegalArgumentException("expected a file or directory path");
            }
            return Path.of(s);
        };
    }

    static Function<String, Boolean> bool() {
        return s -> switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    static Function<String, Integer> integer(int min, int max) {
        return s -> {
            try {
                int n = Integer.parseInt(s.trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below with the expected range
            }
            throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
        };
    }

    static Function<String, URI> httpUrl() {
        return s -> {
            try {
                URI uri = new URI(s.trim());
                String scheme = uri.getScheme();
                if (("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null) {
                    return uri;
                }
            } catch (java.net.URISyntaxException e) {
                // reported below with what is expected
            }
            throw new IllegalArgumentException("expected an http(s) URL such as https://api.example.com");
        };
    }

    static Function<String, String> jdbcUrl() {
        return s -> {
            String v = s.trim();
            if (v.startsWith("jdbc:h2:") || v.startsWith("jdbc:postgresql:")) {
                return v;
            }
            throw new IllegalArgumentException("expected a jdbc:h2: or jdbc:postgresql: URL");
        };
    }

    static Function<String, Duration> duration() {
        return s -> {
            Duration d = io.isthmus.app.config.Durations.parse(s);
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 5m, 2h or PT5M");
            }
            return d;
        };
    }

    static Function<String, String> cron() {
        return s -> {
            if (!CronExpression.isValidExpression(s.trim())) {
                throw new IllegalArgumentException(
                        "expected a Quartz cron expression (seconds minutes hours day-of-month month day-of-week), "
                                + "e.g. 0 */5 * * * ?");
            }
            return s.trim();
        };
    }

    static Function<String, List<String>> list() {
        return s -> Arrays.stream(s.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    static Function<String, String> oneOf(String... allowed) {
        return s -> {
            String v = s.trim().toLowerCase(Locale.ROOT);
            if (Arrays.asList(allowed).contains(v)) {
                return v;
            }
            throw new IllegalArgumentException("expected one of " + String.join(", ", allowed));
        };
    }

    /** A non-empty comma-separated list, each value one of {@code allowed}, each once. */
    static Function<String, List<String>> listOf(String... allowed) {
        return s -> {
            List<String> out = list().apply(s.toLowerCase(Locale.ROOT));
            if (out.isEmpty() || !Arrays.asList(allowed).containsAll(out) || out.stream().distinct().count() < out.size()) {
                throw new IllegalArgumentException("expected a comma-separated list of " + String.join(", ", allowed)
                        + ", each once");
            }
            return out;
        };
    }

    static Function<String, String> apiVersion() {
        return s -> {
            if (s.trim().matches("\\d{2,3}\\.0")) {
                return s.trim();
            }
            throw new IllegalArgumentException("expected a Salesforce API version such as 60.0");
        };
    }

    static Function<String, String> region() {
        return s -> {
            String v = s.trim().toUpperCase(java.util.Locale.ROOT);
            if (com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions().contains(v)) {
                return v;
            }
            throw new IllegalArgumentException("expected a two-letter ISO country code such as US, DE or GB");
        };
    }

    static Function<String, String> identifier() {
        return s -> {
            if (s.trim().matches("[A-Za-z][A-Za-z0-9_]{0,79}")) {
                return s.trim();
            }
            throw new IllegalArgumentException("expected a Salesforce API name such as Isthmus_Buyer_Id__c");
        };
    }

    static Function<String, List<Integer>> intList(int min, int max, int maxCount) {
        return s -> {
            List<Integer> out = new java.util.ArrayList<>();
            for (String t : list().apply(s)) {
                out.add(integer(min, max).apply(t));
            }
            if (out.isEmpty() || out.size() > maxCount) {
                throw new IllegalArgumentException("expected 1 to " + maxCount + " comma-separated whole numbers from "
                        + min + " to " + max);
            }
            return List.copyOf(out);
        };
    }

    static Function<String, java.time.Instant> instant() {
        return s -> {
            String v = s.trim();
            try {
                return v.matches("\\d{4}-\\d{2}-\\d{2}") ? java.time.LocalDate.parse(v)
                        .atStartOfDay(java.time.ZoneOffset.UTC).toInstant() : java.time.Instant.parse(v);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("expected a date (2024-01-31) or a UTC time (2024-01-31T08:00:00Z)");
            }
        };
    }
}
