package io.isthmus.reliability;

import io.isthmus.demo.HubSpotSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Well-formed HubSpot contacts with unique, predictable emails, every third with a form fill: what reaches the CRM
 * can be counted exactly.
 */
final class TestContacts {

    private static final Instant CONVERTED_FROM = Instant.parse("2026-01-01T00:00:00Z");

    private TestContacts() {
    }

    static HubSpotSimulator.Contact contact(long id, String lastName, Instant modified) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("email", email(id));
        p.put("firstname", "First" + id);
        p.put("lastname", lastName);
        p.put("company", "Company " + (id % 17));
        if (id % 3 == 0) {
            // Every third person filled in a form (HubSpot's conversion properties); every version of the contact
            // carries the same one, as HubSpot's do, so the form fill is one activity and one touch, edits or not.
            Instant at = CONVERTED_FROM.plus(Duration.ofHours(id));
            p.put("first_conversion_event_name", "Whitepaper " + (id % 4));
            p.put("first_conversion_date", at.toString());
            p.put("recent_conversion_event_name", "Whitepaper " + (id % 4));
            p.put("recent_conversion_date", at.toString());
        }
        return new HubSpotSimulator.Contact(id, p, modified);
    }

    /** A contact modified some time in the ten days before {@code now}. */
    static HubSpotSimulator.Contact older(long id, Instant now, Random rnd) {
        return contact(id, "Last" + id, now.minus(Duration.ofMinutes(10 + rnd.nextInt(10 * 24 * 60))));
    }

    static String email(long id) {
        return ("buyer" + id + "@example" + (id % 7) + ".com").toLowerCase(Locale.ROOT);
    }
}
