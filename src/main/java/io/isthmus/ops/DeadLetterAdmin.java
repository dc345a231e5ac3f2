package io.isthmus.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.app.settings.Secret;
import io.isthmus.store.DeadLetterRepository.DeadLetter;
import java.util.Locale;
import java.util.Set;

/**
 * The admin endpoint's bean (routes/isthmus-admin.camel.yaml): list, retry and discard dead letters, and replay a
 * time range of the outbox, over HTTP. Every
 * request needs {@code Authorization: Bearer <isthmus.admin.token>}; with no token configured every request is
 * refused. The server listens on localhost unless IT binds it elsewhere.
 */
public final class DeadLetterAdmin {


    private static final Set<String> STATUSES = Set.of("OPEN", "RETRIED", "DISCARDED", "SUPERSEDED");

    private final DeadLetters deadLetters;
    private final OutboxReplay replay;
    private final AdminGuard guard;
    private final ObjectMapper json = new ObjectMapper();

    public DeadLetterAdmin(DeadLetters deadLetters, OutboxReplay replay, Secret token) {
        this.deadLetters = deadLetters;
        this.replay = replay;
        this.guard = new AdminGuard(token);
    }

    public AdminGuard.Reply list(String authorization, String status, String limit) {
        AdminGuard.Reply refused = guard.refuse(authorization);
        if (refused != null) {
            return refused;
        }
        String s = status == null || status.isBlank() ? "OPEN" : status.trim().toUpperCase(Locale.ROOT);
        if (!s.equals("ALL") && !STATUSES.contains(s)) {
            return AdminGuard.error(400, "status must be one of OPEN, RETRIED, DISCARDED, SUPERSEDED, ALL");
        }
        Integer n = AdminGuard.limit(limit);
        if (n == null) {
            return AdminGuard.error(400, "limit must be a whole number");
        }
        ArrayNode out = json.createArrayNode();
        for (DeadLetter d : deadLetters.list(s.equals("ALL") ? null : s, n)) {
            ObjectNode o = out.addObject();
            o.put("id", d.id());
            o.put("kind", d.kind().name());
            o.put("origin", d.origin());
            o.put("ref", d.ref());
            o.put("buyerId", d.buyerId());
            o.put("errorCode", d.errorCode());
            o.put("errorMessage", d.errorMessage());
            o.put("status", d.status());
            o.put("createdAt", String.valueOf(d.createdAt()));
            o.put("attempts", d.attempts());
            o.put("lastSeenAt", d.lastSeenAt() == null ? null : d.lastSeenAt().toString());
            o.put("sourceCursor", d.sourceCursor());
            o.put("payload", d.payload());
        }
        return new AdminGuard.Reply(200, out.toString());
    }

    public AdminGuard.Reply retry(String authorization, String id) {
        AdminGuard.Reply refused = guard.refuse(authorization);
        return refused != null ? refused : act(id, true);
    }

    public AdminGuard.Reply discard(String authorization, String id) {
        AdminGuard.Reply refused = guard.refuse(authorization);
        return refused != null ? refused : act(id, false);
    }

    /** Queues the CRM records confirmed in {@code [from, to)} again; {@code dryRun=true} only counts them. */
    public AdminGuard.Reply replay(String authorization, String from, String to, String sobject, String dryRun) {
        AdminGuard.Reply refused = guard.refuse(authorization);
        if (refused != null) {
            return refused;
        }
        if (from == null || from.isBlank() || to == null || to.isBlank()) {
            return AdminGuard.error(400, "from and to are required, as ISO instants such as 2026-11-20T08:00:00Z");
        }
        OutboxReplay.Result r;
        try {
            r = replay.replay(java.time.Instant.parse(from.trim()), java.time.Instant.parse(to.trim()),
                    sobject == null || sobject.isBlank() ? null : sobject.trim(), "true".equalsIgnoreCase(dryRun));
        } catch (java.time.format.DateTimeParseException e) {
            return AdminGuard.error(400, "from and to must be ISO instants such as 2026-11-20T08:00:00Z");
        } catch (IllegalArgumentException e) {
            return AdminGuard.error(400, e.getMessage());
        }
        ObjectNode o = json.createObjectNode();
        o.put("from", r.from().toString());
        o.put("to", r.to().toString());
        o.put("dryRun", r.dryRun());
        o.put("total", r.total());
        ObjectNode per = o.putObject("queued");
        r.queued().forEach(per::put);
        o.put("alreadyPending", r.alreadyPending());
        return new AdminGuard.Reply(200, o.toString());
    }

    private AdminGuard.Reply act(String id, boolean retry) {
        long n;
        try {
            n = Long.parseLong(id == null ? "" : id.trim());
        } catch (NumberFormatException e) {
            return AdminGuard.error(400, "dead letter id must be a number");
        }
        DeadLetters.Result r = retry ? deadLetters.retry(n, "admin-api") : deadLetters.discard(n, "admin-api");
        int status = switch (r) {
            case RETRIED, DISCARDED, SUPERSEDED -> 200;
            case NOT_FOUND -> 404;
            case NOT_OPEN, NOT_RETRIABLE_HERE -> 409;
        };
        ObjectNode o = json.createObjectNode();
        o.put("id", n);
        o.put("result", r.name());
        return new AdminGuard.Reply(status, o.toString());
    }


}
