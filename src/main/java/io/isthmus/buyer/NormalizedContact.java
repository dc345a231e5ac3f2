package io.isthmus.buyer;

import java.time.Instant;

/**
 * A source contact after normalization, ready to be matched and merged. Null means "the source has no value".
 *
 * @param email null when the source had none; never an invalid address (those are refused before this)
 */
public record NormalizedContact(
        String system,
        String sourceId,
        Instant modifiedAt,
        String email,
        String emailOriginal,
        String firstName,
        String lastName,
        String company,
        String phone,
        String jobTitle,
        String country,
        String website) {
}
