package io.isthmus.source.mautic;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.source.HttpCall;
import io.isthmus.source.MalformedPageException;
import io.isthmus.source.PollTail;
import io.isthmus.source.SourceGuard;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * One Mautic poller's credentials: basic auth, or OAuth 2 with the client credentials grant
 * ({@code POST /oauth/v2/token}). The token is fetched before it is needed (a minute before {@code expires_in} runs
 * out) and again when Mautic answers 401 to a token that was not just fetched; a 401 right after a fresh token is
 * the poller's to fail. It also takes every answer that is not a page ({@link #notAPage}), the same for both Mautic
 * pollers. Used under its poller's lock, like the rest of the poller's state.
 */
final class MauticLogin {

    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(60);
    private static final String FORM = "application/x-www-form-urlencoded";

    private final IsthmusSettings.Mautic settings;
    private final MauticApi api;
    private final SourceGuard guard;
    private final Clock clock;
    private boolean tokenInFlight;
    private boolean freshToken;
    private String accessToken;
    private Instant tokenExpiresAt = Instant.EPOCH;

    MauticLogin(IsthmusSettings.Mautic settings, MauticApi api, SourceGuard guard, Clock clock) {
        this.settings = settings;
        this.api = api;
        this.guard = guard;
        this.clock = clock;
    }

    /** The token request when one is due, else null: never with basic auth, nor while the token is good. */
    HttpCall tokenCall(long waitMillis) {
        tokenInFlight = settings.oauth2() && (accessToken == null || !clock.instant().isBefore(tokenExpiresAt));
        return tokenInFlight ? new HttpCall("token", "POST", api.tokenUrl(), MauticApi.tokenBody(
                settings.clientId().reveal(), settings.clientSecret().reveal()), FORM, null, waitMillis) : null;
    }

    /**
     * Takes an answer that is not an API page: 429 honours Retry-After, 5xx backs off and retries, the token
     * endpoint's answer is taken, a 401 on an old token fetches a new one and repeats the call, any other status
     * fails the poll with Mautic's message and what to check.
     *
     * @return null when the answer is the API's 200, for the poller to read; else whether the poll goes on
     */
    Boolean notAPage(int status, String body, String retryAfter, PollTail tail) {
        guard.answered(Integer.toString(status));
        if (status == 429) {
            return tail.rateLimited(retryAfter, "HTTP 429");
        }
        if (status >= 500) {
            return tail.retry("HTTP " + status);
        }
        if (tokenInFlight) {
            return tokenAnswered(status, body);
        }
        if (expired(status)) {
            return true;
        }
        if (status != 200) {
            String error = api.error(body);
            guard.pollFailed("Mautic answered HTTP " + status + (error == null ? "" : ": " + error)
                    + (status != 401 && status != 403 ? "" : settings.oauth2()
                    ? " (check isthmus.mautic.clientId and clientSecret, and that the API credential is OAuth 2)"
                    : " (check isthmus.mautic.username and password, and that basic auth is enabled in Mautic's "
                    + "API settings)"));
            return false;
        }
        freshToken = false;
        return null;
    }

    /** The Authorization header of an API call. */
    String authorization() {
        return settings.oauth2() ? "Bearer " + accessToken : "Basic " + Base64.getEncoder().encodeToString(
                (settings.username() + ":" + settings.password().reveal()).getBytes(StandardCharsets.UTF_8));
    }

    /** Takes the token endpoint's answer; false (the poll failed, reported to the guard) when it gave no token. */
    private boolean tokenAnswered(int status, String body) {
        if (status != 200) {
            String error = api.error(body);
            guard.pollFailed("Mautic refused the OAuth 2 client credentials (HTTP " + status
                    + (error == null ? "" : ": " + error) + "); check isthmus.mautic.clientId and clientSecret");
            return false;
        }
        try {
            MauticApi.Token t = api.token(body);
            accessToken = t.accessToken();
            tokenExpiresAt = clock.instant().plusSeconds(t.expiresInSeconds()).minus(TOKEN_MARGIN);
            freshToken = true;
            guard.tokenRefreshed();
            return true;
        } catch (MalformedPageException e) {
            // Not a page and possibly holding credentials: not kept, only reported.
            guard.pollFailed("Mautic's token endpoint answered no usable token: " + e.getMessage());
            return false;
        }
    }

    /**
     * True when a 401 means the token expired or was revoked before its time: it is forgotten, so the next call
     * fetches a new one and the same call is repeated.
     */
    private boolean expired(int status) {
        if (status == 401 && settings.oauth2() && !freshToken) {
            accessToken = null;
            return true;
        }
        return false;
    }
}
