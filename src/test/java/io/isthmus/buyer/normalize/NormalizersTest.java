package io.isthmus.buyer.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalizersTest {

    @ParameterizedTest(name = "email ''{0}'' → ''{1}'' valid={2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "'  John.Smith@Example.COM '|john.smith@example.com|true|example.com",
        "mailto:Ann@Acme.io|ann@acme.io|true|acme.io",
        "<bob@sub.acme.co.uk>|bob@sub.acme.co.uk|true|sub.acme.co.uk",
        "no-at-sign.example.com|no-at-sign.example.com|false|NULL",
        "two@@example.com|two@@example.com|false|NULL",
        "dot.@example.com|dot.@example.com|false|NULL",
        "x@localhost|x@localhost|false|NULL",
        "first+tag@gmail.com|first+tag@gmail.com|true|gmail.com",
    })
    void email_isTrimmedLoweredAndSyntaxChecked_originalKept(String raw, String normalized, boolean valid, String domain) {
        NormalizedEmail e = new EmailNormalizer().normalize(raw);
        assertThat(e.original()).isEqualTo(raw);
        assertThat(e.normalized()).isEqualTo(normalized);
        assertThat(e.valid()).isEqualTo(valid);
        assertThat(e.domain()).isEqualTo(domain);
    }

    @Test
    void email_blank_isMissingAndInvalid() {
        assertThat(new EmailNormalizer().normalize("  ").normalized()).isNull();
        assertThat(new EmailNormalizer().normalize(null)).isEqualTo(NormalizedEmail.NONE);
    }

    @ParameterizedTest(name = "phone ''{1}'' in {0} → {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "US|(415) 555-2671|+14155552671",
        "US|+44 20 7946 0958|+442079460958",
        "DE|030 1234567|+49301234567",
        "DE|0049 30 1234567|+49301234567",
        "GB|020 7946 0958|+442079460958",
        "US|12|NULL",
        "US|call me|NULL",
        "US|NULL|NULL",
    })
    void phone_toE164WithDefaultRegion(String region, String raw, String e164) {
        assertThat(new PhoneNormalizer(region).normalize(raw).e164()).isEqualTo(e164);
    }

    @Test
    void phone_unknownDefaultRegion_isRefused() {
        assertThatThrownBy(() -> new PhoneNormalizer("XX")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("XX");
    }

    @ParameterizedTest(name = "name ''{0}'' → display ''{1}'', key ''{2}''")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "'  JOHN   SMITH '|John Smith|john smith",
        "mary-jane o'neil|Mary-Jane O'Neil|mary jane o neil",
        "McDonald|McDonald|mcdonald",
        "José Müller|José Müller|jose muller",
        "STRAẞE|Straße|strasse",
        "Øyvind Łukasz|Øyvind Łukasz|oyvind lukasz",
        "'   '|NULL|NULL",
    })
    void name_displayKeepsAccents_keyFoldsThem(String raw, String display, String key) {
        NameNormalizer n = new NameNormalizer();
        assertThat(n.display(raw)).isEqualTo(display);
        assertThat(n.matchKey(raw)).isEqualTo(key);
    }

    @ParameterizedTest(name = "company ''{0}'' → ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "'ACME, Inc.'|acme",
        "Acme GmbH & Co. KG|acme",
        "Société Générale S.A.|societe generale",
        "Widgets Pty Ltd|widgets",
        "Nordic Oy|nordic",
        "Banca Italia S.p.A.|banca italia",
        "Müller Holding AG|muller holding",
        "Johnson & Johnson|johnson and johnson",
        "Inc|inc",
        "Co-op Group Ltd|co op group",
        "PT Maju Jaya Tbk|maju jaya",
        "Polska Sp. z o.o.|polska",
    })
    void company_legalFormsStrippedForMatching(String raw, String key) {
        assertThat(new CompanyNormalizer().matchKey(raw)).isEqualTo(key);
    }

    @ParameterizedTest(name = "website ''{0}'' → {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "https://www.Acme.com/about?x=1|acme.com",
        "http://shop.acme.co.uk:8080/|acme.co.uk",
        "www.example.org|example.org",
        "acme.com.|acme.com",
        "//cdn.foo.de/path|foo.de",
        "user@mail.bigcorp.com|bigcorp.com",
        "localhost|NULL",
        "co.uk|NULL",
        "NULL|NULL",
    })
    void domain_websiteToRegistrableDomain(String raw, String domain) {
        assertThat(new DomainNormalizer().normalize(raw)).isEqualTo(domain);
    }

    @ParameterizedTest(name = "country ''{0}'' → {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "de|DE", "DEU|DE", "Germany|DE", "Deutschland|DE", "United Kingdom|GB", "UK|GB", "england|GB",
        "USA|US", "United States|US", "Österreich|AT", "côte d'ivoire|CI", "Nowhereland|NULL", "' '|NULL",
    })
    void country_namesAndCodesToAlpha2(String raw, String code) {
        assertThat(new CountryNormalizer().normalize(raw)).isEqualTo(code);
    }

    @ParameterizedTest(name = "region {0}/''{1}'' → {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "US|California|CA", "US|ca|CA", "CA|Québec|QC", "AU|new south wales|NSW", "DE|Bayern|NULL", "US|NULL|NULL",
    })
    void region_namesAndCodesToSubdivisionCode(String country, String raw, String code) {
        assertThat(new RegionNormalizer().normalize(country, raw)).isEqualTo(code);
    }

    @ParameterizedTest(name = "title ''{0}'' → {1}/{2}")
    @CsvSource(delimiter = '|', value = {
        "Chief Marketing Officer|c-level|marketing",
        "CMO|c-level|marketing",
        "Sr. V.P., Sales|vp|sales",
        "Director of IT Infrastructure|director|it",
        "Head of Demand Generation|director|marketing",
        "Marketing Operations Manager|manager|marketing",
        "Software Engineer|individual-contributor|engineering",
        "Accounts Payable Specialist|individual-contributor|unknown",
        "Founder & CEO|c-level|executive",
        "Gardener|unknown|unknown",
    })
    void title_classifiedBySeniorityAndPersona(String title, String seniority, String persona) {
        assertThat(TitleClassifier.defaults().classify(title)).isEqualTo(new TitleClass(seniority, persona));
    }
}
