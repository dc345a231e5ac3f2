package io.isthmus.crm;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The org's daily API usage as Salesforce reports it in {@code Sforce-Limit-Info: api-usage=used/limit}. */
public final class ApiBudget {

    private static final Pattern USAGE = Pattern.compile("api-usage=(\\d+)/(\\d+)");

    private final AtomicLong used = new AtomicLong(-1);
    private final AtomicLong limit = new AtomicLong(-1);

    public ApiBudget(MeterRegistry registry) {
        Gauge.builder("isthmus_crm_api_usage", used, AtomicLong::get)
                .description("API calls used in the org's rolling 24 h, as last reported (-1: unknown)")
                .register(registry);
        Gauge.builder("isthmus_crm_api_limit", limit, AtomicLong::get)
                .description("The org's 24 h API call limit, as last reported (-1: unknown)").register(registry);
    }

    public void observe(String header) {
        if (header == null) {
            return;
        }
        Matcher m = USAGE.matcher(header);
        if (m.find()) {
            used.set(Long.parseLong(m.group(1)));
            limit.set(Long.parseLong(m.group(2)));
        }
    }

    /** Salesforce refused a call for the daily limit: record the budget as spent. */
    public void exhausted() {
        if (limit.get() > 0) {
            used.set(limit.get());
        }
    }

    public long used() {
        return used.get();
    }

    public long limit() {
        return limit.get();
    }
}
