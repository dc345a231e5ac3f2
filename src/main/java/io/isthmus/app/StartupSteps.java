package io.isthmus.app;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * The steps of one start-up, timed: when each began and ended after the JVM started, and the CPU its thread used.
 * Independent steps run at once ({@link #fork}); the start-up then waits for each where its result is needed
 * ({@link #join}). The summary is logged once Camel has started, so a slow start shows where the time went.
 */
public final class StartupSteps {

    /** One timed step: offsets from the JVM's start, and its thread's CPU time. */
    public record Step(String name, String thread, long beginMillis, long endMillis, long cpuMillis) {

        long millis() {
            return endMillis - beginMillis;
        }
    }

    private final long jvmStart;
    private final List<Step> steps = new ArrayList<>();

    public StartupSteps() {
        this(ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    StartupSteps(long jvmStartEpochMillis) {
        this.jvmStart = jvmStartEpochMillis;
    }

    /** Runs {@code work} in this thread as a step. */
    public <T> T run(String name, Callable<T> work) {
        try {
            return timed(name, work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /** Runs {@code work} in this thread as a step. */
    public void run(String name, Runnable work) {
        run(name, () -> {
            work.run();
            return null;
        });
    }

    /** Starts {@code work} as a step in its own (daemon) thread; {@link #join} waits for its result. */
    public <T> Future<T> fork(String name, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(() -> timed(name, work));
        Thread t = new Thread(task, "isthmus-start-" + name);
        t.setDaemon(true);
        t.start();
        return task;
    }

    /**
     * The result of a forked step; its exception as thrown by the step (a {@link io.isthmus.app.config.ConfigException}
     * stays one, so a refused configuration is reported the same whichever thread found it).
     */
    public static <T> T join(Future<T> step) {
        try {
            return step.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause);
        }
    }

    /** Waits for every step in {@code started}, then throws the first failure (in the given order), if any. */
    public static void joinAll(List<? extends Future<?>> started) {
        RuntimeException first = null;
        for (Future<?> f : started) {
            try {
                join(f);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Marks a point in time (a zero-length step), e.g. when the entry point was reached. */
    public void mark(String name) {
        long now = System.currentTimeMillis() - jvmStart;
        record(new Step(name, Thread.currentThread().getName(), now, now, 0));
    }

    private <T> T timed(String name, Callable<T> work) throws Exception {
        long cpu0 = threadCpu();
        long begin = System.currentTimeMillis() - jvmStart;
        try {
            return work.call();
        } finally {
            record(new Step(name, Thread.currentThread().getName(), begin, System.currentTimeMillis() - jvmStart,
                    (threadCpu() - cpu0) / 1_000_000));
        }
    }

    private synchronized void record(Step step) {
        steps.add(step);
    }

    /** The steps recorded so far, in the order they ended. */
    public synchronized List<Step> steps() {
        return List.copyOf(steps);
    }

    /** One line: each step as {@code name begin→end ms (cpu ms)}, in the order they began. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        steps().stream().sorted(java.util.Comparator.comparingLong(Step::beginMillis)).forEach(s -> {
            b.append(b.length() == 0 ? "" : ", ").append(s.name());
            if (s.millis() == 0 && s.cpuMillis() == 0) {
                b.append(" at ").append(seconds(s.beginMillis()));
            } else {
                b.append(' ').append(seconds(s.beginMillis())).append('→').append(seconds(s.endMillis()))
                        .append(" (cpu ").append(seconds(s.cpuMillis())).append(')');
            }
        });
        return b.toString();
    }

    /** Process CPU so far, all threads (JIT and GC included), in milliseconds; -1 where the JVM does not say. */
    public static long processCpuMillis() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1_000_000;
        }
        return -1;
    }

    /** Milliseconds since the JVM started. */
    public long sinceJvmStart() {
        return System.currentTimeMillis() - jvmStart;
    }

    private static long threadCpu() {
        java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
        return t.isCurrentThreadCpuTimeSupported() ? t.getCurrentThreadCpuTime() : 0;
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2fs", millis / 1000.0);
    }

    /** A step already done, for results computed before the timer existed. */
    static <T> Future<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
