package io.isthmus.identity;

/** What the matcher concluded about a pair; acting on it (merging, queueing for review) is the caller's job. */
public enum MatchOutcome {
    /** Same buyer: merge automatically. */
    MERGE,
    /** Perhaps the same buyer: keep both and queue the pair for review. */
    POSSIBLE,
    /** Different buyers. */
    DISTINCT
}
