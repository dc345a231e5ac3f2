package io.isthmus.identity;

/**
 * Global decision thresholds on the total match weight (bits): at or above {@code merge} records merge, at or above
 * {@code possible} the pair is kept for review, below it the records are distinct.
 */
public record Thresholds(double merge, double possible) {

    public Thresholds {
        if (possible > merge) {
            throw new IllegalArgumentException("possible threshold " + possible + " is above merge " + merge);
        }
    }

    public MatchOutcome outcome(double weight) {
        return weight >= merge ? MatchOutcome.MERGE : weight >= possible ? MatchOutcome.POSSIBLE : MatchOutcome.DISTINCT;
    }
}
