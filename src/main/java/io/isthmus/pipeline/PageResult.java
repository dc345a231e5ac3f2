package io.isthmus.pipeline;

/** What applying one page did, for logs and metrics. */
public record PageResult(String source, int records, int created, int updated, int merged, int unchanged,
                         int deadLettered, int queued, boolean more) {
}
