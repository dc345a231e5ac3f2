package io.isthmus.scoring;

/**
 * A buyer's scores as whole points. {@code total} is always {@code fit + engagement}, so what the CRM shows adds up.
 * Scores may be negative: negative rules can outweigh the positive ones, as in the major MAPs.
 */
public record Score(int fit, int engagement, int total) {

    public static final Score ZERO = new Score(0, 0, 0);

    public Score {
        if (total != fit + engagement) {
            throw new IllegalArgumentException("total " + total + " is not fit " + fit + " + engagement " + engagement);
        }
    }

    public static Score of(int fit, int engagement) {
        return new Score(fit, engagement, fit + engagement);
    }
}
