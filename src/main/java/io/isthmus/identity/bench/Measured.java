package io.isthmus.identity.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Median wall time and median CPU time of this thread over repeated passes, and the peak heap seen during them.
 * CPU time is reported too because other builds share this 2-core machine: wall time then includes waiting.
 */
record Measured<T>(T result, long nanos, long cpuNanos, long peakHeapBytes) {

    interface Body<T> {
        T run() throws Exception;
    }

    static <T> Measured<T> of(Body<T> body) throws Exception {
        return of(body, 1);
    }

    /** Runs {@code body} {@code passes} times; the time is the median pass (other builds share this machine). */
    static <T> Measured<T> of(Body<T> body, int passes) throws Exception {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] times = new long[passes];
        long[] cpu = new long[passes];
        T r = null;
        for (int i = 0; i < passes; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            r = body.run();
            times[i] = System.nanoTime() - t0;
            cpu[i] = threads.getCurrentThreadCpuTime() - c0;
        }
        Arrays.sort(times);
        Arrays.sort(cpu);
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return new Measured<>(r, times[passes / 2], cpu[passes / 2], peak);
    }

    double perSecond(long items) {
        return items / (nanos / 1e9);
    }

    double perCpuSecond(long items) {
        return items / (cpuNanos / 1e9);
    }
}
