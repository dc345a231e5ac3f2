package io.isthmus.source.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.source.SourceGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What every HubSpot poll does with an answer that is not a page, in one place. HubSpot's 429 body says which
 * limit was hit ({@code "errorType":"RATE_LIMIT"}, {@code "policyName":"SECONDLY"|"DAILY"}): SECONDLY waits
 * Retry-After (or the ten-second window the {@code X-HubSpot-RateLimit-Secondly} budget is counted in) inside the
 * poll; DAILY pauses the source until the next day (UTC midnight; HubSpot resets by the account's time zone, so
 * this errs on the late side). 5xx and I/O errors back off and retry; anything else (401 wrong or revoked token,
 * 403 missing scope, 400) fails the poll with HubSpot's message. Every outcome is the vendor's, so it reaches the
 * circuit breaker through the {@link SourceGuard}.
 */
final class HubSpotAnswers {

    private static final Duration SECONDLY_WINDOW = Duration.ofSeconds(10);

    private final ObjectMapper json = new ObjectMapper();
    private final SourceGuard guard;
    private final Clock clock;

    HubSpotAnswers(SourceGuard guard, Clock clock) {
        this.guard = guard;
        this.clock = clock;
    }

    /**
     * An answer other than a page ({@code status} is not 2xx).
     *
     * @return the wait in millis before the same call is repeated, or -1 when the poll is over
     */
    long notAPage(int status, String body, String retryAfter) {
        if (status == 429) {
            return rateLimited(body, retryAfter);
        }
        if (status >= 500) {
            return retry("HTTP " + status);
        }
        guard.pollFailed("HubSpot answered HTTP " + status + ": " + message(body)
                + (status == 401 ? " (check isthmus.hubspot.token)" : "")
                + (status == 403 ? " (the private app lacks a scope this poll needs)" : ""));
        return -1;
    }

    /** The call got no answer (connection refused, reset, timeout): the wait before the retry, or -1. */
    long noAnswer(String reason) {
        return retry(reason);
    }

    private long rateLimited(String body, String retryAfter) {
        String policy = field(body, "policyName");
        if ("DAILY".equals(policy)) {
            Instant tomorrow = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1)
                    .atStartOfDay(ZoneOffset.UTC).toInstant();
            guard.pauseUntil(tomorrow, "HubSpot daily limit reached: " + message(body));
            guard.pollSucceeded();
            return -1;
        }
        Duration wait = SECONDLY_WINDOW;
        if (retryAfter != null && retryAfter.trim().matches("\\d{1,6}")) {
            wait = Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
        }
        long millis = guard.rateLimited(wait, "HTTP 429 " + (policy == null ? "" : policy + " ") + message(body));
        if (millis < 0) {
            guard.pollSucceeded();
        }
        return millis;
    }

    private long retry(String reason) {
        long delay = guard.retryDelayMillis(reason);
        if (delay < 0) {
            guard.pollFailed("retries used up: " + reason);
        }
        return delay;
    }

    String message(String body) {
        String m = field(body, "message");
        return m == null ? "(no message)" : m;
    }

    private String field(String body, String name) {
        try {
            JsonNode n = json.readTree(body == null ? "" : body);
            return n != null && n.path(name).isTextual() ? n.get(name).asText() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
