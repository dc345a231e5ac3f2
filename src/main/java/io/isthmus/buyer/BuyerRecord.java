package io.isthmus.buyer;

import java.time.Instant;
import java.util.Objects;

/**
 * The unified buyer: what isthmus knows of one person across every source. Immutable; every field but
 * {@code id}, {@code createdAt} and {@code updatedAt} may be null when no source has supplied it.
 *
 * @param email         normalized (trimmed, lower-cased) and syntactically valid
 * @param emailOriginal the address as the source last sent it
 * @param version       incremented on every stored change
 */
public record BuyerRecord(
        String id,
        String email,
        String emailOriginal,
        String firstName,
        String lastName,
        String company,
        String phone,
        String jobTitle,
        String country,
        String website,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public BuyerRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** This buyer with the non-blank values of {@code c} laid over it; blanks never erase what is known. */
    public BuyerRecord absorb(NormalizedContact c, Instant at) {
        return new BuyerRecord(id,
                pick(c.email(), email), pick(c.emailOriginal(), emailOriginal),
                pick(c.firstName(), firstName), pick(c.lastName(), lastName), pick(c.company(), company),
                pick(c.phone(), phone), pick(c.jobTitle(), jobTitle), pick(c.country(), country),
                pick(c.website(), website), createdAt, at, version);
    }

    /**
     * This buyer with only its missing values taken from {@code c}: for a source record older than what another
     * source already said, so re-reading an older record never undoes a newer one.
     */
    public BuyerRecord fillGaps(NormalizedContact c, Instant at) {
        return new BuyerRecord(id, email == null ? c.email() : email,
                email == null ? c.emailOriginal() : emailOriginal, firstName == null ? c.firstName() : firstName,
                lastName == null ? c.lastName() : lastName, company == null ? c.company() : company,
                phone == null ? c.phone() : phone, jobTitle == null ? c.jobTitle() : jobTitle,
                country == null ? c.country() : country, website == null ? c.website() : website, createdAt, at,
                version);
    }

    /** True when the fields that matter to downstream systems are equal (ignores timestamps and version). */
    public boolean sameValuesAs(BuyerRecord o) {
        return Objects.equals(email, o.email) && Objects.equals(firstName, o.firstName)
                && Objects.equals(lastName, o.lastName) && Objects.equals(company, o.company)
                && Objects.equals(phone, o.phone) && Objects.equals(jobTitle, o.jobTitle)
                && Objects.equals(country, o.country) && Objects.equals(website, o.website)
                && Objects.equals(emailOriginal, o.emailOriginal);
    }

    public BuyerRecord withVersion(long newVersion) {
        return new BuyerRecord(id, email, emailOriginal, firstName, lastName, company, phone, jobTitle, country,
                website, createdAt, updatedAt, newVersion);
    }

    private static String pick(String incoming, String current) {
        return incoming == null || incoming.isBlank() ? current : incoming;
    }
}
