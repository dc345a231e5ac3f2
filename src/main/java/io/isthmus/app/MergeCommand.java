package io.isthmus.app;

import io.isthmus.app.settings.IsthmusSettings;
import io.isthmus.ops.MergeReview;
import io.isthmus.pipeline.BuyerUnmerges;
import io.isthmus.store.Database;
import io.isthmus.store.MergeEventRepository.MergeEventRow;
import io.isthmus.store.OutboxRepository;
import java.io.PrintStream;
import java.time.Clock;

/**
 * {@code isthmus merges list [--buyer EMAIL|ID] [--limit N]} and {@code isthmus unmerge MERGE_ID [--reason TEXT]}:
 * the same operations as the admin endpoint, straight on the store. Run against a store a daemon is using, the
 * unmerge is safe (one transaction, versioned buyer rows) but the daemon's matching index learns of the restored
 * buyer only at its next start; the admin endpoint updates it at once.
 */
final class MergeCommand {

    private MergeCommand() {
    }

    static int list(String[] args, IsthmusSettings settings, PrintStream out) {
        int limit = Integer.parseInt(option(args, "--limit", "100"));
        try (Database db = Database.open(settings.store())) {
            MergeReview review = review(db, settings, Clock.systemUTC());
            out.println("id\tmerged_at\tkind\trule\tweight\tthreshold\tsurvivor\tabsorbed\tstatus");
            for (MergeEventRow m : review.list(option(args, "--buyer", null), limit)) {
                out.println(m.id() + "\t" + m.mergedAt() + "\t" + m.kind() + "\t" + m.rule() + "\t"
                        + (m.weight() == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f", m.weight())) + "\t"
                        + (m.threshold() == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f", m.threshold()))
                        + "\t" + m.survivorId() + "\t" + m.absorbedId() + "\t"
                        + (m.inEffect() ? "in effect" : "undone " + m.undoneAt() + " by " + m.undoneBy()));
                out.println("\tevidence: " + m.evidence());
            }
            return Isthmus.OK;
        }
    }

    static int unmerge(String[] args, IsthmusSettings settings, PrintStream out, PrintStream err) {
        long id = Long.parseLong(args[1]);
        try (Database db = Database.open(settings.store())) {
            MergeReview review = review(db, settings, Clock.systemUTC());
            BuyerUnmerges.Unmerged u = review.unmerge(id, "cli", option(args, "--reason", null));
            out.println("merge " + id + " undone: buyer " + u.survivorId() + " kept, buyer " + u.restoredId()
                    + " restored with " + u.links() + " source link(s) and " + u.activities()
                    + " activit(y/ies); both queued for the CRM" + (u.note() == null ? "" : "; " + u.note()));
            return Isthmus.OK;
        } catch (BuyerUnmerges.Refused e) {
            err.println("isthmus: " + e.getMessage());
            return e.reason() == BuyerUnmerges.Refused.Reason.NOT_FOUND ? Isthmus.NOT_FOUND : 1;
        }
    }

    private static MergeReview review(Database db, IsthmusSettings settings, Clock clock) {
        BuyerModel model = BuyerModel.load(settings.modelDir());
        return new MergeReview(db, Daemon.publisher(model, Daemon.evaluator(model, clock),
                new OutboxRepository(db.isPostgres()), db), new BuyerUnmerges(null), clock);
    }

    private static String option(String[] args, String name, String defaultValue) {
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return defaultValue;
    }
}
