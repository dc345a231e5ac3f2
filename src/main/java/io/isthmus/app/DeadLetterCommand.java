package io.isthmus.app;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.ops.DeadLetters;
import io.isthmus.store.Database;
import io.isthmus.store.DeadLetterRepository.DeadLetter;
import io.isthmus.store.OutboxRepository;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;

/**
 * {@code isthmus dead-letters list [--status OPEN|RETRIED|DISCARDED|SUPERSEDED|ALL] [--limit N]},
 * {@code isthmus dead-letters retry ID...} and {@code isthmus dead-letters discard ID...}: the same operations as the
 * admin endpoint, straight on the store (the daemon may be running; the outbox is shared safely).
 */
final class DeadLetterCommand {

    private DeadLetterCommand() {
    }

    static int run(String[] args, IsthmusSettings settings, PrintStream out, PrintStream err) {
        String action = args.length > 1 ? args[1] : "list";
        try (Database db = Database.open(settings.store())) {
            DeadLetters dl = new DeadLetters(db, new OutboxRepository(db.isPostgres()), Clock.systemUTC());
            switch (action) {
                case "list" -> {
                    String status = Isthmus.option(args, "--status", "OPEN").toUpperCase(Locale.ROOT);
                    int limit = Integer.parseInt(Isthmus.option(args, "--limit", "100"));
                    out.println("id\tkind\torigin\tbuyer\tstatus\tcode\tmessage\tattempts\tlast seen");
                    for (DeadLetter d : dl.list(status.equals("ALL") ? null : status, limit)) {
                        out.println(d.id() + "\t" + d.kind() + "\t" + d.origin() + "\t" + d.buyerId() + "\t"
                                + d.status() + "\t" + d.errorCode() + "\t" + d.errorMessage() + "\t" + d.attempts()
                                + "\t" + (d.lastSeenAt() == null ? d.createdAt() : d.lastSeenAt()));
                    }
                    return Isthmus.OK;
                }
                case "retry", "discard" -> {
                    int failures = 0;
                    for (int i = 2; i < args.length; i++) {
                        if (args[i].startsWith("--")) {
                            i++;
                            continue;
                        }
                        long id = Long.parseLong(args[i]);
                        DeadLetters.Result r = action.equals("retry") ? dl.retry(id, "cli") : dl.discard(id, "cli");
                        out.println(id + "\t" + r);
                        boolean ok = r == DeadLetters.Result.RETRIED || r == DeadLetters.Result.DISCARDED
                                || r == DeadLetters.Result.SUPERSEDED;
                        failures += ok ? 0 : 1;
                    }
                    return failures == 0 ? Isthmus.OK : 1;
                }
                default -> {
                    err.println("isthmus: dead-letters list|retry ID...|discard ID...");
                    return Isthmus.USAGE;
                }
            }
        } catch (NumberFormatException e) {
            err.println("isthmus: dead letter ids and --limit must be numbers");
            return Isthmus.USAGE;
        }
    }
}
