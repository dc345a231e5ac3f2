package io.isthmus.ops;

import io.isthmus.crm.CrmErrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.internal.SalesforceSession;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: isthmus holds a Salesforce session. Without one it logs in, at most once per {@link #RETRY_AFTER},
 * so a probe loop cannot lock the integration user out.
 */
public final class CrmLoginHealthCheck extends AbstractHealthCheck {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final SalesforceComponent salesforce;
    private final Clock clock;
    private volatile Instant lastAttempt = Instant.EPOCH;
    private volatile String lastError = "not logged in yet";

    public CrmLoginHealthCheck(SalesforceComponent salesforce, Clock clock) {
        super("isthmus", "crm-login");
        this.salesforce = salesforce;
        this.clock = clock;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        SalesforceSession session = salesforce.getSession();
        if (session != null && session.getAccessToken() != null) {
            builder.up();
            return;
        }
        Instant now = clock.instant();
        if (session != null && Duration.between(lastAttempt, now).compareTo(RETRY_AFTER) >= 0) {
            lastAttempt = now;
            try {
                session.login(null);
                builder.up();
                return;
            } catch (Exception e) {
                CrmErrors.Failure f = CrmErrors.classify(e);
                lastError = "Salesforce login failed: " + f.code() + " " + f.message();
            }
        }
        builder.message(lastError).down();
    }
}
