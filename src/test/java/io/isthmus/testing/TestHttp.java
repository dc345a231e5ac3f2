package io.isthmus.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one HTTP client the tests call the daemon's servers with. HTTP/1.1 only: the JDK client otherwise offers an
 * h2c upgrade on every plain-HTTP request, which the Vert.x servers accept and which is a known source of stalled
 * exchanges between the two. The whole exchange, body included, is bounded (the JDK's request timeout stops at the
 * response headers), so a stuck answer fails the test in seconds instead of holding the build.
 */
public final class TestHttp {

    private static final Duration EXCHANGE = Duration.ofSeconds(20);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestHttp() {
    }

    public static HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /** Sends the request (built here, so every call gets the same bounds); one more try if an exchange stalls. */
    public static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpRequest r = request.timeout(EXCHANGE).build();
        TimeoutException stalled = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            var pending = CLIENT.sendAsync(r, HttpResponse.BodyHandlers.ofString());
            try {
                return pending.get(EXCHANGE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                pending.cancel(true);
                stalled = e;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        }
        throw new AssertionError(r.method() + " " + r.uri() + " got no whole answer within " + EXCHANGE + " twice",
                stalled);
    }
}
