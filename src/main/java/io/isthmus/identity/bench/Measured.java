package io.isthmus.identity.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Wall time and peak heap of one benchmark run. */
record Measured<T>(T result, long nanos, long peakHeapBytes) {

    interface Body<T> {
        T run() throws Exception;
    }

    static <T> Measured<T> of(Body<T> body) throws Exception {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
        long t0 = System.nanoTime();
        T r = body.run();
        long t = System.nanoTime() - t0;
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return new Measured<>(r, t, peak);
    }

    double perSecond(long items) {
        return items / (nanos / 1e9);
    }
}
