package io.isthmus.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.app.settings.Secret;
import io.isthmus.pipeline.BuyerUnmerges;
import io.isthmus.store.MergeEventRepository.MergeEventRow;
import java.io.IOException;

/**
 * The admin endpoint's bean for merges (routes/isthmus-admin-merges.camel.yaml): list merges with their evidence
 * and undo one. Guarded like the dead-letter endpoints: {@code Authorization: Bearer <isthmus.admin.token>}, and
 * with no token configured every request is refused.
 */
public final class MergeAdmin {

    private final MergeReview review;
    private final AdminGuard guard;
    private final ObjectMapper json = new ObjectMapper();

    public MergeAdmin(MergeReview review, Secret token) {
        this.review = review;
        this.guard = new AdminGuard(token);
    }

    public AdminGuard.Reply list(String authorization, String buyer, String limit) {
        AdminGuard.Reply refused = guard.refuse(authorization);
        if (refused != null) {
            return refused;
        }
        Integer n = AdminGuard.limit(limit);
        if (n == null) {
            return AdminGuard.error(400, "limit must be a whole number");
        }
        ArrayNode out = json.createArrayNode();
        for (MergeEventRow m : review.list(buyer, n)) {
            ObjectNode o = out.addObject();
            o.put("id", m.id());
            o.put("kind", m.kind().name());
            o.put("rule", m.rule());
            o.put("survivorId", m.survivorId());
            o.put("absorbedId", m.absorbedId());
            if (m.weight() != null) {
                o.put("weight", m.weight());
            }
            if (m.threshold() != null) {
                o.put("threshold", m.threshold());
            }
            o.set("evidence", tree(m.evidence()));
            o.set("contributions", tree(m.contributions()));
            o.put("source", m.source());
            o.put("actor", m.actor());
            o.put("mergedAt", String.valueOf(m.mergedAt()));
            o.put("inEffect", m.inEffect());
            if (!m.inEffect()) {
                o.put("undoneAt", String.valueOf(m.undoneAt()));
                o.put("undoneBy", m.undoneBy());
                o.put("undoReason", m.undoReason());
            }
        }
        return new AdminGuard.Reply(200, out.toString());
    }

    public AdminGuard.Reply unmerge(String authorization, String id, String reason) {
        AdminGuard.Reply refused = guard.refuse(authorization);
        if (refused != null) {
            return refused;
        }
        long n;
        try {
            n = Long.parseLong(id == null ? "" : id.trim());
        } catch (NumberFormatException e) {
            return AdminGuard.error(400, "merge id must be a number");
        }
        try {
            BuyerUnmerges.Unmerged u = review.unmerge(n, "admin-api", reason);
            ObjectNode o = json.createObjectNode();
            o.put("id", n);
            o.put("result", "UNMERGED");
            o.put("survivorId", u.survivorId());
            o.put("restoredId", u.restoredId());
            o.put("links", u.links());
            o.put("activities", u.activities());
            if (u.note() != null) {
                o.put("note", u.note());
            }
            return new AdminGuard.Reply(200, o.toString());
        } catch (BuyerUnmerges.Refused e) {
            int status = switch (e.reason()) {
                case NOT_FOUND -> 404;
                case ALREADY_UNDONE, BLOCKED -> 409;
            };
            ObjectNode o = json.createObjectNode();
            o.put("id", n);
            o.put("result", e.reason().name());
            o.put("error", e.getMessage());
            return new AdminGuard.Reply(status, o.toString());
        }
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(text);
        }
    }


}
