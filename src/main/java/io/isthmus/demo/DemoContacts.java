package io.isthmus.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic HubSpot contacts for the demo, the same on every run (fixed seed): mostly good records, some duplicates
 * of earlier people under another HubSpot id (email in other case and spacing), and bad rows of the kinds real
 * portals hold: invalid emails, no name nor email, no last name, an absurd phone number.
 */
public final class DemoContacts {

    private static final String[] FIRST = {"Anna", "Ben", "Chloe", "David", "Emma", "Felix", "Grace", "Hugo", "Iris",
        "Jonas", "Kara", "Liam", "Maya", "Noah", "Olga", "Paul", "Quinn", "Rosa", "Sam", "Tara", "Uma", "Victor",
        "Wendy", "Xavier", "Yara", "Zoe"};
    private static final String[] LAST = {"Meyer", "Okafor", "Rossi", "Nguyen", "Schmidt", "Garcia", "Dubois",
        "Kowalski", "Tanaka", "Silva", "Jensen", "Novak", "Murphy", "Haddad", "Larsen", "Moreau"};
    private static final String[] COMPANY = {"Acme Analytics", "Borealis Logistics GmbH", "Cobalt Health Inc.",
        "Delta Fintech Ltd", "Evergreen Retail", "Fjord Software AS", "Granite Insurance plc", "Helix Biotech SA"};
    private static final String[] TITLE = {"VP Marketing", "Marketing Manager", "CTO", "Data Engineer",
        "Head of Sales", "Procurement Lead", "Student", "CFO"};

    /** Forms of the demo portal, as HubSpot names conversions: the content offers first, the hand-raisers last. */
    private static final String[] FORMS = {"Whitepaper: Data Strategy 2026", "Webinar: Pipeline Analytics",
        "Newsletter Signup", "Pricing Guide Download", "Demo Request"};

    private DemoContacts() {
    }

    /**
     * HubSpot's first and most recent conversion properties (the contacts poll turns them into form fills): about
     * two in three contacts filled in a form, one in three of them a second one later.
     */
    private static void conversions(Map<String, String> p, Instant modified, Random rnd) {
        if (rnd.nextInt(3) == 0) {
            return;
        }
        Instant first = modified.minus(Duration.ofHours(2 + rnd.nextInt(20 * 24)));
        String firstForm = FORMS[rnd.nextInt(FORMS.length - 1)];
        p.put("first_conversion_event_name", firstForm);
        p.put("first_conversion_date", first.toString());
        boolean again = rnd.nextInt(3) == 0;
        p.put("recent_conversion_event_name", again ? FORMS[1 + rnd.nextInt(FORMS.length - 1)] : firstForm);
        p.put("recent_conversion_date", (again ? modified.minus(Duration.ofMinutes(5)) : first).toString());
    }

    /** {@code count} contacts with ids from 1001, modified over the 30 days before {@code now}. */
    public static List<HubSpotSimulator.Contact> generate(int count, Instant now, long seed) {
        Random rnd = new Random(seed);
        List<HubSpotSimulator.Contact> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long id = 1001 + i;
            Instant modified = now.minus(Duration.ofMinutes(10 + rnd.nextInt(30 * 24 * 60)));
            Map<String, String> p = new LinkedHashMap<>();
            String first = FIRST[rnd.nextInt(FIRST.length)];
            String last = LAST[rnd.nextInt(LAST.length)];
            String company = COMPANY[rnd.nextInt(COMPANY.length)];
            String domain = company.toLowerCase(Locale.ROOT).split(" ")[0] + ".example.com";
            String email = first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT) + i + "@" + domain;
            int kind = i % 25;
            if (kind == 7 && i > 25) {
                // A duplicate of an earlier person: same address, other case and stray spaces, other HubSpot id.
                HubSpotSimulator.Contact earlier = out.get(rnd.nextInt(out.size() - 1));
                String e = earlier.properties().get("email");
                email = e == null ? email : "  " + e.toUpperCase(Locale.ROOT) + " ";
                first = earlier.properties().getOrDefault("firstname", first);
                last = earlier.properties().getOrDefault("lastname", last);
            }
            p.put("email", email);
            p.put("firstname", first);
            p.put("lastname", last);
            p.put("company", company);
            p.put("phone", "+49 30 " + (1000000 + rnd.nextInt(8999999)));
            p.put("jobtitle", TITLE[rnd.nextInt(TITLE.length)]);
            p.put("country", "Germany");
            p.put("website", "https://www." + domain);
            conversions(p, modified, rnd);
            switch (kind) {
                case 3 -> p.put("email", first.toLowerCase(Locale.ROOT) + "@@" + domain);
                case 11 -> {
                    p.remove("email");
                    p.remove("firstname");
                    p.remove("lastname");
                }
                case 17 -> p.remove("lastname");
                case 21 -> p.put("phone", "+49 " + "1234567890".repeat(5));
                default -> {
                }
            }
            out.add(new HubSpotSimulator.Contact(id, p, modified));
        }
        return out;
    }
}
