package io.isthmus.app;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.ops.OutboxReplay;
import io.isthmus.store.Database;
import io.isthmus.store.OutboxRepository;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code isthmus replay --from T [--to T] [--object Lead] [--dry-run]}: queues again every CRM record confirmed in
 * the range, with the newest values the CRM confirmed (see {@link OutboxReplay}). Times are ISO instants
 * ({@code 2026-11-20T08:00:00Z}) or dates ({@code 2026-11-20}, midnight UTC); {@code --to} defaults to now. Works on the
 * store directly; a running daemon sends the queued rows on its next drain.
 */
final class ReplayCommand {

    private ReplayCommand() {
    }

    static int run(String[] args, IsthmusSettings settings, PrintStream out, PrintStream err) {
        String fromText = Isthmus.option(args, "--from", null);
        if (fromText == null) {
            err.println("isthmus: replay needs --from (an ISO instant such as 2026-11-20T08:00:00Z, or a date)");
            return Isthmus.USAGE;
        }
        Instant from;
        Instant to;
        try {
            from = instant(fromText);
            String toText = Isthmus.option(args, "--to", null);
            to = toText == null ? Instant.now() : instant(toText);
        } catch (DateTimeParseException e) {
            err.println("isthmus: '" + e.getParsedString() + "' is not a time, expected an ISO instant such as "
                    + "2026-11-20T08:00:00Z or a date such as 2026-11-20");
            return Isthmus.USAGE;
        }
        boolean dryRun = java.util.Arrays.asList(args).contains("--dry-run");
        try (Database db = Database.open(settings.store())) {
            OutboxReplay.Result r = new OutboxReplay(db, new OutboxRepository(db.isPostgres()), Clock.systemUTC())
                    .replay(from, to, Isthmus.option(args, "--object", null), dryRun);
            out.println((dryRun ? "would queue" : "queued") + " " + r.total() + " records confirmed from " + r.from()
                    + " to " + r.to() + (dryRun ? " (dry run: nothing queued)" : ""));
            r.queued().forEach((sobject, n) -> out.println("  " + sobject + "\t" + n));
            if (r.alreadyPending() > 0) {
                out.println("  left to a newer queued change: " + r.alreadyPending());
            }
            return Isthmus.OK;
        } catch (IllegalArgumentException e) {
            err.println("isthmus: " + e.getMessage());
            return Isthmus.USAGE;
        }
    }

    static Instant instant(String text) {
        String t = text.trim();
        return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(t);
    }
}
