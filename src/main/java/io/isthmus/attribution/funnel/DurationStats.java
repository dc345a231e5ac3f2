package io.isthmus.attribution.funnel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Count, median and 90th percentile of some durations. Percentiles interpolate linearly between the two nearest
 * ranks (as spreadsheet PERCENTILE.INC does), so the median of 1, 2, 3 and 4 days is 2.5 days.
 *
 * @param median null when count is 0
 * @param p90    null when count is 0
 */
public record DurationStats(int count, Duration median, Duration p90) {

    public static DurationStats of(List<Duration> durations) {
        List<Long> millis = new ArrayList<>(durations.size());
        for (Duration d : durations) {
            millis.add(d.toMillis());
        }
        millis.sort(null);
        if (millis.isEmpty()) {
            return new DurationStats(0, null, null);
        }
        return new DurationStats(millis.size(), percentile(millis, 50), percentile(millis, 90));
    }

    /** Integer arithmetic on percent, so 90 % of 3 gaps is exactly 2.7 ranks with no floating-point drift. */
    static Duration percentile(List<Long> sorted, int percent) {
        long scaled = (long) (sorted.size() - 1) * percent;
        int lower = (int) (scaled / 100);
        long rest = scaled % 100;
        long value = sorted.get(lower);
        if (rest > 0) {
            long next = sorted.get(lower + 1);
            value += ((next - value) * rest + 50) / 100;
        }
        return Duration.ofMillis(value);
    }
}
