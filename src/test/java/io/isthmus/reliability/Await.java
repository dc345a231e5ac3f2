package io.isthmus.reliability;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Bounded waiting: every loop in the reliability tests ends by itself. */
final class Await {

    private Await() {
    }

    /** Checks every 50 ms until {@code condition} holds (an SQL error counts as not yet); returns how long that took, fails after {@code max}. */
    static Duration until(String what, Duration max, Callable<Boolean> condition, Supplier<String> state)
            throws Exception {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                last = null;
            } catch (java.sql.SQLException e) {
                // The store may not be migrated yet, or is being recovered after a kill.
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + max.toSeconds() + " s: " + what + "; " + state.get()
                        + (last == null ? "" : "; last error: " + last), last);
            }
            Thread.sleep(50);
        }
    }
}
