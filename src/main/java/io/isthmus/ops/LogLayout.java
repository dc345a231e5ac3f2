package io.isthmus.ops;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The console log layout (see logback.xml): human-readable lines by default, one JSON object per line when
 * {@code format} is {@code json} (set by {@code ISTHMUS_LOG_FORMAT}). Both carry the MDC: {@code camel.routeId},
 * which Camel sets while a route runs, and {@code buyerId}, which isthmus sets while it works on one buyer
 * ({@link RecordLog}). An unknown format falls back to text with a warning rather than silencing the log.
 *
 * <p>JSON fields: {@code time} (ISO-8601, UTC), {@code level}, {@code logger}, {@code thread}, {@code message},
 * {@code routeId} and {@code buyerId} when set, the other MDC entries under their own names, and {@code error}
 * (the stack trace) when an exception was logged.
 */
public final class LogLayout extends LayoutBase<ILoggingEvent> {

    static final String ROUTE_KEY = "camel.routeId";

    private static final JsonFactory JSON = new JsonFactory();

    private String format = "text";
    private String pattern = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n";
    private boolean json;
    private PatternLayout text;

    /** {@code text} (default) or {@code json}, case-insensitive. */
    public void setFormat(String format) {
        this.format = format;
    }

    /** The logback pattern of the text format. */
    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        json = f.equals("json");
        if (!json && !f.equals("text") && !f.isEmpty()) {
            addWarn("log format '" + format + "' is unknown: expected text or json; writing text");
        }
        if (!json) {
            text = new PatternLayout();
            text.setContext(getContext());
            text.setPattern(pattern);
            text.start();
        }
        super.start();
    }

    @Override
    public void stop() {
        if (text != null) {
            text.stop();
        }
        super.stop();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return json ? json(event) : text.doLayout(event);
    }

    static String json(ILoggingEvent e) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", Instant.ofEpochMilli(e.getTimeStamp()).toString());
            g.writeStringField("level", e.getLevel().toString());
            g.writeStringField("logger", e.getLoggerName());
            g.writeStringField("thread", e.getThreadName());
            g.writeStringField("message", e.getFormattedMessage());
            Map<String, String> mdc = new TreeMap<>(e.getMDCPropertyMap());
            String route = mdc.remove(ROUTE_KEY);
            if (route != null) {
                g.writeStringField("routeId", route);
            }
            String buyer = mdc.remove(RecordLog.BUYER_KEY);
            if (buyer != null) {
                g.writeStringField("buyerId", buyer);
            }
            for (Map.Entry<String, String> m : mdc.entrySet()) {
                g.writeStringField(m.getKey(), m.getValue());
            }
            IThrowableProxy t = e.getThrowableProxy();
            if (t != null) {
                g.writeStringField("error", ThrowableProxyUtil.asString(t));
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.append('\n').toString();
    }
}
