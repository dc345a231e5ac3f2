package io.isthmus.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The status snapshot as JSON, for scripts and dashboards: the same figures as the page, times as ISO-8601 instants
 * (null when unknown), lags in seconds.
 */
public final class StatusJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    public static String render(StatusSnapshot s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("at", iso(s.at()));
        root.put("buyers", s.buyers());
        ArrayNode sources = root.putArray("sources");
        for (StatusSnapshot.Source src : s.sources()) {
            ObjectNode n = sources.addObject();
            n.put("name", src.name());
            n.put("lastPoll", iso(src.lastPoll()));
            n.put("position", iso(src.position()));
            n.put("lagSeconds", src.lag().getSeconds());
            n.put("lagBasis", src.lagBasis().name());
            n.put("pagesApplied", src.pagesApplied());
            n.put("recordsApplied", src.recordsApplied());
            n.put("openDeadLetters", src.openDeadLetters());
        }
        ObjectNode outbox = root.putObject("outbox");
        outbox.put("pending", s.outbox().pending());
        outbox.put("sentLastHour", s.outbox().sentLastHour());
        outbox.put("dead", s.outbox().dead());
        outbox.put("oldestPending", iso(s.outbox().oldestPending()));
        ArrayNode dead = root.putArray("deadLetters");
        for (StatusSnapshot.DeadLetterGroup g : s.deadLetters()) {
            ObjectNode n = dead.addObject();
            n.put("kind", g.kind());
            n.put("errorCode", g.errorCode());
            n.put("open", g.count());
            n.put("latest", iso(g.latest()));
            n.put("latestMessage", g.latestMessage());
        }
        if (s.api() == null) {
            root.putNull("apiBudget");
        } else {
            ObjectNode api = root.putObject("apiBudget");
            api.put("used", s.api().used());
            api.put("limit", s.api().limit());
        }
        ArrayNode funnel = root.putArray("funnel");
        for (StatusSnapshot.StageCount c : s.funnel()) {
            funnel.addObject().put("stage", c.stage()).put("buyers", c.buyers());
        }
        return root.toString();
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
