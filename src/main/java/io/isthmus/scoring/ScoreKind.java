package io.isthmus.scoring;

/** Which of the two scores a rule feeds: who the buyer is (fit) or what the buyer did (engagement). */
public enum ScoreKind {
    FIT,
    ENGAGEMENT
}
