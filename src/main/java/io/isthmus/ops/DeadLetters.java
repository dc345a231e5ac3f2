package io.isthmus.ops;

import io.isthmus.store.Database;
import io.isthmus.store.DeadLetterRepository;
import io.isthmus.store.DeadLetterRepository.DeadLetter;
import io.isthmus.store.OutboxRepository;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What operators do with dead letters, shared by the CLI verb and the admin endpoint: list them, retry one (a CRM
 * record goes back to the outbox) or discard one. Nothing is deleted: a dead letter is closed with its status
 * (RETRIED, DISCARDED or SUPERSEDED), the time and who closed it.
 */
public final class DeadLetters {

    /** What {@link #retry} or {@link #discard} did. */
    public enum Result {
        RETRIED, DISCARDED,
        /** A newer change of the same record was queued or sent since: the old values are not sent again. */
        SUPERSEDED,
        NOT_FOUND, NOT_OPEN,
        /** Source records are retried by polling the source again, not from here. */
        NOT_RETRIABLE_HERE
    }

    private final Database db;
    private final OutboxRepository outbox;
    private final DeadLetterRepository deadLetters = new DeadLetterRepository();
    private final Clock clock;

    public DeadLetters(Database db, OutboxRepository outbox, Clock clock) {
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** @param status OPEN, RETRIED, DISCARDED, SUPERSEDED, or null for all */
    public List<DeadLetter> list(String status, int limit) {
        return db.inTransaction(c -> deadLetters.list(c, status, limit));
    }

    public Result retry(long id, String by) {
        return db.inTransaction(c -> {
            Optional<DeadLetter> d = deadLetters.find(c, id);
            if (d.isEmpty()) {
                return Result.NOT_FOUND;
            }
            if (!d.get().status().equals("OPEN")) {
                return Result.NOT_OPEN;
            }
            if (d.get().kind() != DeadLetterRepository.Kind.CRM_RECORD) {
                return Result.NOT_RETRIABLE_HERE;
            }
            boolean queued = outbox.requeue(c, Long.parseLong(d.get().ref()), clock.instant());
            Result r = queued ? Result.RETRIED : Result.SUPERSEDED;
            deadLetters.resolve(c, id, r.name(), by, clock.instant());
            return r;
        });
    }

    public Result discard(long id, String by) {
        return db.inTransaction(c -> {
            Optional<DeadLetter> d = deadLetters.find(c, id);
            if (d.isEmpty()) {
                return Result.NOT_FOUND;
            }
            return deadLetters.resolve(c, id, Result.DISCARDED.name(), by, clock.instant()) ? Result.DISCARDED
                    : Result.NOT_OPEN;
        });
    }
}
