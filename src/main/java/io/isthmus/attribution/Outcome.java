package io.isthmus.attribution;

/** Where an opportunity stands: still open, closed won or closed lost. */
public enum Outcome {
    OPEN,
    WON,
    LOST
}
