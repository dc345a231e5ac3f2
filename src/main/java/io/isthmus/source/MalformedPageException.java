package io.isthmus.source;

/** A response page that as a whole is not what the vendor documents; it is quarantined, never half-applied. */
public final class MalformedPageException extends Exception {

    public MalformedPageException(String reason) {
        super(reason);
    }
}
