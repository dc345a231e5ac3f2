package io.isthmus.lifecycle;

import io.isthmus.scoring.Score;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The values isthmus writes on the CRM Lead or Contact, keyed by the configured field API names, ready to be
 * serialized into an outbox command. Scores are Integers, dates are Salesforce DateTime strings in UTC, the SLA
 * is a Double in hours. A null value means "clear the field" (e.g. the SLA once sales accepted); a field whose
 * name is configured empty is left out.
 */
public final class LifecycleCrmFields {

    static final DateTimeFormatter SALESFORCE_DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final CrmFieldNames names;
    private final SlaClock sla;

    public LifecycleCrmFields(CrmFieldNames names, SlaClock sla) {
        this.names = Objects.requireNonNull(names, "names");
        this.sla = Objects.requireNonNull(sla, "sla");
    }

    /**
     * @param score   the current score; never null (use {@link Score#ZERO} for a buyer never scored)
     * @param summary the current score summary; null clears the field
     * @param history the buyer's stage history; never null
     */
    public Map<String, Object> fields(Score score, String summary, StageHistory history) {
        Objects.requireNonNull(score, "score");
        LifecycleState state = history.current();
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, names.fitScore(), score.fit());
        put(out, names.engagementScore(), score.engagement());
        put(out, names.score(), score.total());
        put(out, names.summary(), summary);
        put(out, names.stage(), state.stage().label());
        put(out, names.stageDate(), format(state.since()));
        put(out, names.mqlDate(), history.lastEntered(Stage.MQL).map(LifecycleCrmFields::format).orElse(null));
        put(out, names.slaHours(), sla.hours(history).orElse(null));
        return Collections.unmodifiableMap(out);
    }

    private static void put(Map<String, Object> out, String field, Object value) {
        if (field != null) {
            out.put(field, value);
        }
    }

    private static String format(Instant at) {
        return at == null ? null : SALESFORCE_DATETIME.format(at);
    }
}
