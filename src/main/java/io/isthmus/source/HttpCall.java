package io.isthmus.source;

import java.util.regex.Pattern;

/**
 * One HTTP call a source asks the poll route to make. The route sends it as given and hands the response back;
 * the source decides everything else. Credentials travel in {@code authorization} or, where the vendor wants
 * them there, in the URL or body; {@link #toString()} masks them.
 *
 * @param purpose       what the call is for (for logs), e.g. {@code activities}
 * @param method        GET or POST
 * @param url           the full URL with its query
 * @param body          the request body; null for none
 * @param contentType   the body's content type; null for none
 * @param authorization the Authorization header value; null for none
 * @param waitMillis    how long the route waits before sending (rate-limit pause or retry backoff); 0 for none
 */
public record HttpCall(String purpose, String method, String url, String body, String contentType,
                       String authorization, long waitMillis) {

    private static final Pattern SECRET_PARAM = Pattern.compile(
            "((?:client_secret|client_id|token_auth|access_token|password)=)[^&]*");

    public static HttpCall get(String purpose, String url, String authorization) {
        return new HttpCall(purpose, "GET", url, null, null, authorization, 0);
    }

    public HttpCall after(long millis) {
        return new HttpCall(purpose, method, url, body, contentType, authorization, Math.max(0, millis));
    }

    /** The URL with credential parameters masked, for logs. */
    public String safeUrl() {
        return SECRET_PARAM.matcher(url).replaceAll("$1****");
    }

    @Override
    public String toString() {
        return purpose + " " + method + " " + safeUrl() + (waitMillis > 0 ? " after " + waitMillis + "ms" : "");
    }
}
