package io.isthmus.buyer.normalize;

/**
 * A phone number as received and in E.164 form.
 *
 * @param original the value as the source sent it; may be null
 * @param e164     e.g. {@code +4930123456}; null when the number could not be parsed or is not valid
 */
public record NormalizedPhone(String original, String e164) {

    public boolean valid() {
        return e164 != null;
    }
}
