package io.isthmus.app;

import io.isthmus.source.HttpCall;
import io.isthmus.source.SourceAnswer;
import io.isthmus.source.SourceFetcher;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

/**
 * Sends a source call ahead ({@link SourceFetcher}) through the very endpoint the poll route sends with
 * ({@code templates/isthmus-source.camel.yaml}): the same camel-http component, timeouts, retry policy and connection
 * pool, on the producer template's threads. An I/O failure becomes a {@link SourceAnswer#noAnswer}, as the route's
 * {@code doCatch} hands it to the source; anything else completes the future exceptionally and the poll sends the
 * call again itself.
 */
final class CamelSourceFetcher implements SourceFetcher {

    /** The poll route's endpoint: 4xx/5xx are answers for the source to classify, not exceptions. */
    static final String ENDPOINT = "http://isthmus-source?throwExceptionOnFailure=false";

    private final Supplier<CamelContext> context;
    private ProducerTemplate template;

    CamelSourceFetcher(Supplier<CamelContext> context) {
        this.context = context;
    }

    /**
     * The exchange carries the poll route's id ({@code <source>-poll}, as the shipped routes name it) as its origin:
     * Camel's exchange metrics tag every exchange of a route with its route id, and Prometheus refuses a meter of
     * the same name with another set of tags, so an exchange without one would log a registration failure and go
     * uncounted (CAMEL-23719 describes the same for a producer template sending to SEDA).
     */
    @Override
    public CompletableFuture<SourceAnswer> fetch(String source, HttpCall call) {
        Endpoint endpoint = context.get().getEndpoint(ENDPOINT);
        Exchange exchange = endpoint.createExchange();
        exchange.getExchangeExtension().setFromRouteId(source + "-poll");
        Message m = exchange.getMessage();
        m.setHeader(Exchange.HTTP_METHOD, call.method());
        m.setHeader(Exchange.HTTP_URI, call.url());
        if (call.authorization() != null) {
            m.setHeader("Authorization", call.authorization());
        }
        if (call.contentType() != null) {
            m.setHeader(Exchange.CONTENT_TYPE, call.contentType());
        }
        m.setBody(call.body());
        return template().asyncSend(endpoint, exchange).thenApply(CamelSourceFetcher::answer);
    }

    private static SourceAnswer answer(Exchange done) {
        Exception e = done.getException();
        if (e != null) {
            if (done.getException(IOException.class) != null) {
                return SourceAnswer.noAnswer(e.getMessage());
            }
            throw new IllegalStateException("call sent ahead failed: " + e, e);
        }
        Message m = done.getMessage();
        Integer status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null) {
            throw new IllegalStateException("call sent ahead came back without an HTTP status");
        }
        return SourceAnswer.of(status, m.getBody(String.class), m.getHeader("Retry-After", String.class));
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = context.get().createProducerTemplate();
        }
        return template;
    }
}
