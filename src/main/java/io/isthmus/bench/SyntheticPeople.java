package io.isthmus.bench;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The people behind the synthetic HubSpot contacts, computed from the contact id alone (no memory per contact, the
 * same id gives the same person in every run). Two populations:
 *
 * <ul>
 *   <li>{@link Kind#NUMBERED}: everyone is {@code FirstN LastN} at {@code Company N%5000}. Every name shares one
 *       phonetic key and sits within a small edit distance of its neighbours, so nearly every new contact is a
 *       <em>possible</em> match of earlier ones: a worst case for matching, not a marketing database.</li>
 *   <li>{@link Kind#REALISTIC}: first and last names drawn with a skewed frequency from lists of realistic size
 *       (3,000 first names, 60,000 last names; the most common ones real: a few names are frequent, most are rare),
 *       5,000 companies of skewed size with their own domains, job titles, phones on seven contacts in ten, and
 *       about one address in eight at a free-mail provider.</li>
 * </ul>
 *
 * <p>In both, a fifth of the contacts (every id divisible by 5, from 5) repeat the contact three ids earlier with the
 * email in other case: exact duplicates to merge. In the realistic population one contact in fifty (ids 50k+1) is in
 * addition a near duplicate of the contact twelve ids earlier: the same person with a typo in the last name, a
 * personal address and no phone, which only fuzzy matching can relate.
 */
final class SyntheticPeople {

    enum Kind { NUMBERED, REALISTIC }

    /** One contact's properties as HubSpot would hold them; {@code phone} may be null. */
    record Person(String email, String firstName, String lastName, String company, String phone, String jobTitle,
                  String country) {
    }

    private static final String[] COMMON_FIRST = {"James", "Mary", "John", "Patricia", "Robert", "Jennifer",
        "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica",
        "Thomas", "Sarah", "Christopher", "Karen", "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Sandra",
        "Mark", "Ashley", "Steven", "Emily", "Andrew", "Michelle", "Paul", "Amanda", "Joshua", "Melissa", "Kevin",
        "Laura", "Brian", "Stephanie", "Anna", "Lukas", "Sophie", "Thomas", "Julia", "Priya", "Wei", "Mohammed",
        "Olivia", "Lucas"};
    private static final String[] COMMON_LAST = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia",
        "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
        "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
        "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres",
        "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Mueller", "Schmidt", "Schneider",
        "Fischer", "Weber", "Patel", "Kumar", "Singh", "Chen", "Wang", "Li", "Zhang", "Kim", "Park", "Rossi"};
    private static final String[] SYLLABLES = {"an", "bel", "car", "dan", "el", "fer", "gar", "hol", "is", "jo",
        "kar", "lin", "mar", "nor", "ol", "per", "quin", "ros", "sal", "tor", "ul", "van", "wil", "yor", "zel",
        "ber", "ste", "mi", "ka", "lo", "ga", "bri", "den", "ton", "ley", "son", "ham", "wood", "ford", "ric"};
    private static final String[] TITLES = {"Marketing Manager", "Marketing Director", "VP Marketing",
        "Demand Generation Manager", "Marketing Operations Manager", "Content Marketing Manager", "CMO",
        "Product Marketing Manager", "Growth Marketing Lead", "Digital Marketing Specialist", "Sales Manager",
        "Account Executive", "Sales Development Representative", "Head of Sales", "VP Sales", "CEO", "CTO",
        "Software Engineer", "IT Manager", "Head of IT", "Operations Manager", "Project Manager", "Consultant",
        "Founder", "Managing Director", "Business Analyst", "Data Analyst", "Office Manager", "Procurement Manager",
        "Customer Success Manager", "Marketing Coordinator", "Brand Manager", "SEO Specialist",
        "Event Marketing Manager", "Partner Manager", "Student", "Intern", "Freelancer", "Purchasing Agent",
        "Chief Revenue Officer"};
    private static final String[] SUFFIXES = {"Inc", "LLC", "GmbH", "Ltd", "Corp", "AG", "Group", "Systems",
        "Solutions", "Labs"};
    private static final String[] TLDS = {".com", ".com", ".com", ".io", ".de", ".co.uk", ".net"};
    private static final String[] FREE_MAIL = {"gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "gmx.de",
        "web.de", "icloud.com"};
    private static final String[] COUNTRIES = {"United States", "United States", "United States", "Germany",
        "United Kingdom", "Canada", "France", "Netherlands", "India", "Australia"};
    private static final String[] AREA = {"415", "212", "617", "312", "206", "512", "303", "404", "646", "650"};

    private final Kind kind;
    private final String[] firstNames = new String[3_000];
    private final String[] lastNames = new String[60_000];
    private final String[] companies = new String[5_000];
    private final String[] domains = new String[5_000];

    SyntheticPeople(Kind kind) {
        this.kind = kind;
        if (kind == Kind.REALISTIC) {
            SplittableRandom vocab = new SplittableRandom(0x15_7A_05L);
            fill(firstNames, COMMON_FIRST, vocab, 2, 3);
            fill(lastNames, COMMON_LAST, vocab, 2, 4);
            for (int i = 0; i < companies.length; i++) {
                String stem = capitalize(word(vocab, 2, 3));
                companies[i] = stem + " " + SUFFIXES[vocab.nextInt(SUFFIXES.length)];
                // The index keeps domains distinct: two companies with one stem do not share a mail domain.
                domains[i] = stem.toLowerCase(Locale.ROOT) + (i % 7 == 0 ? "" : Integer.toString(i))
                        + TLDS[vocab.nextInt(TLDS.length)];
            }
        }
    }

    Kind kind() {
        return kind;
    }

    /** The contact with id {@code id} (1..): a duplicate or near duplicate of an earlier one where described above. */
    Person person(long id) {
        boolean duplicate = id % 5 == 0 && id > 3;
        Person p = base(duplicate ? id - 3 : id);
        if (duplicate) {
            // The same address in other case: exact duplicates to merge (the store keeps emails case-insensitive).
            String email = kind == Kind.NUMBERED ? "First" + (id - 3) + ".Last" + (id - 3) + "@Company"
                    + ((id - 3) % 5000) + ".example.com" : swapCase(p.email());
            return new Person(email, p.firstName(), p.lastName(), p.company(), p.phone(), p.jobTitle(),
                    p.country());
        }
        if (kind == Kind.REALISTIC && id % 50 == 1 && id > 12) {
            Person o = base(id - 12);
            SplittableRandom r = random(id);
            String last = typo(o.lastName(), r);
            String email = o.firstName().toLowerCase(Locale.ROOT) + "." + ascii(last) + (r.nextInt(90) + 10) + "@"
                    + FREE_MAIL[r.nextInt(FREE_MAIL.length)];
            return new Person(email, o.firstName(), last, o.company(), null, o.jobTitle(), o.country());
        }
        return p;
    }

    /** The person {@code id} stands for itself, before duplicates. */
    private Person base(long id) {
        if (kind == Kind.NUMBERED) {
            return new Person("first" + id + ".last" + id + "@company" + (id % 5000) + ".example.com", "First" + id,
                    "Last" + id, "Company " + (id % 5000), "+1 415 555 " + String.format("%04d", id % 10000),
                    id % 7 == 0 ? "VP Marketing" : "Marketing Manager", null);
        }
        SplittableRandom r = random(id);
        String first = skewed(firstNames, r);
        String last = skewed(lastNames, r);
        int c = (int) (Math.pow(r.nextDouble(), 3) * companies.length);
        String f = ascii(first);
        String l = ascii(last);
        int pattern = r.nextInt(16);
        String email;
        if (pattern < 2) {
            // A personal address: the number keeps two people of one name apart, as mailbox providers do.
            email = f + "." + l + r.nextInt(10_000) + "@" + FREE_MAIL[r.nextInt(FREE_MAIL.length)];
        } else if (pattern < 10) {
            email = f + "." + l + "@" + domains[c];
        } else if (pattern < 14) {
            email = f.charAt(0) + l + "@" + domains[c];
        } else {
            email = f + "@" + domains[c];
        }
        String phone = r.nextInt(10) < 7 ? "+1 " + AREA[r.nextInt(AREA.length)] + " " + (200 + r.nextInt(800)) + " "
                + String.format("%04d", r.nextInt(10_000)) : null;
        String title = TITLES[(int) (Math.pow(r.nextDouble(), 2) * TITLES.length)];
        return new Person(email, first, last, companies[c], phone, title, COUNTRIES[r.nextInt(COUNTRIES.length)]);
    }

    private static SplittableRandom random(long id) {
        return new SplittableRandom(id * 0x9E3779B97F4A7C15L + 0x1234567L);
    }

    /** Index {@code n·u²}: the head of the list is frequent, the long tail rare (as in real contact lists). */
    private static String skewed(String[] vocab, SplittableRandom r) {
        double u = r.nextDouble();
        return vocab[(int) (u * u * vocab.length)];
    }

    /** One typing error: a letter replaced, dropped, doubled or two neighbours swapped (not the first letter). */
    static String typo(String s, SplittableRandom r) {
        if (s.length() < 3) {
            return s + s.charAt(s.length() - 1);
        }
        int at = 1 + r.nextInt(s.length() - 2);
        return switch (r.nextInt(4)) {
            case 0 -> {
                char c = (char) ('a' + r.nextInt(26));
                yield s.substring(0, at) + (c == s.charAt(at) ? (char) ('a' + (c - 'a' + 1) % 26) : c)
                        + s.substring(at + 1);
            }
            case 1 -> s.substring(0, at) + s.substring(at + 1);
            case 2 -> s.substring(0, at) + s.charAt(at) + s.substring(at);
            default -> s.charAt(at) == s.charAt(at + 1) ? s.substring(0, at) + s.substring(at + 1)
                    : s.substring(0, at) + s.charAt(at + 1) + s.charAt(at) + s.substring(at + 2);
        };
    }

    private static void fill(String[] out, String[] real, SplittableRandom r, int minSyl, int maxSyl) {
        System.arraycopy(real, 0, out, 0, real.length);
        for (int i = real.length; i < out.length; i++) {
            out[i] = capitalize(word(r, minSyl, maxSyl));
        }
    }

    private static String word(SplittableRandom r, int minSyl, int maxSyl) {
        int n = minSyl + r.nextInt(maxSyl - minSyl + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
        }
        return sb.toString();
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String ascii(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }

    private static String swapCase(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return b.toString();
    }
}
