package io.isthmus.source.mautic;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.source.HttpCall;
import io.isthmus.source.MalformedPageException;
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
 * the poller's to fail. Used under its poller's lock, like the rest of the poller's state.
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

    /** Whether the answer being handled is the token endpoint's. */
    boolean tokenInFlight() {
        return tokenInFlight;
    }

    /** The Authorization header of an API call. */
    String authorization() {
        return settings.oauth2() ? "Bearer " + accessToken : "Basic " + Base64.getEncoder().encodeToString(
                (settings.username() + ":" + settings.password().reveal()).getBytes(StandardCharsets.UTF_8));
    }

    /** Takes the token endpoint's answer; false (the poll failed, reported to the guard) when it gave no token. */
    boolean tokenAnswered(int status, String body) {
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
    boolean expired(int status) {
        if (status == 401 && settings.oauth2() && !freshToken) {
            accessToken = null;
            return true;
        }
        return false;
    }

    /** An API call was answered with 200: the next 401 means the token expired again. */
    void accepted() {
        freshToken = false;
    }
}
