package io.isthmus.crm;

import io.isthmus.app.config.Problems;
import io.isthmus.app.config.YamlFile;
import io.isthmus.app.config.YamlNode;
import io.isthmus.buyer.BuyerRecord;
import io.isthmus.identity.AccountAssignment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Which buyer field goes to which Salesforce field, in which direction, and who wins a conflict. Read once from
 * {@code salesforce-mapping.yaml}; every problem is reported with file, line and column. {@code contact}: the fields
 * written to the Contact a converted Lead became (the built-in default's when the file has no {@code contact}).
 */
public record FieldMapping(List<Field> lead, List<Field> contact) {

    /** Who may write which side. */
    public enum Direction { TO_CRM, FROM_CRM, BOTH;
        public boolean toCrm() {
            return this != FROM_CRM;
        }

        public boolean fromCrm() {
            return this != TO_CRM;
        }
    }

    /** Who wins when both sides hold a value. */
    public enum Precedence { ISTHMUS_WINS, CRM_WINS, CRM_UNLESS_BLANK, NEVER_BLANK }

    /**
     * The buyer fields a mapping may name: the buyer record's, and its account's ({@code account-name},
     * {@code crm-account-id}, {@code account-match}: rule and score), which isthmus decides and so only writes.
     */
    public enum BuyerField {
        EMAIL(BuyerRecord::email), FIRST_NAME(BuyerRecord::firstName), LAST_NAME(BuyerRecord::lastName),
        COMPANY(BuyerRecord::company), PHONE(BuyerRecord::phone), JOB_TITLE(BuyerRecord::jobTitle),
        COUNTRY(BuyerRecord::country), WEBSITE(BuyerRecord::website),
        ACCOUNT_NAME(null, AccountAssignment::name), CRM_ACCOUNT_ID(null, AccountAssignment::crmAccountId),
        ACCOUNT_MATCH(null, AccountAssignment::match);

        private final Function<BuyerRecord, String> getter;
        private final Function<AccountAssignment, String> accountGetter;

        BuyerField(Function<BuyerRecord, String> getter) {
            this(getter, null);
        }

        BuyerField(Function<BuyerRecord, String> getter, Function<AccountAssignment, String> accountGetter) {
            this.getter = getter;
            this.accountGetter = accountGetter;
        }

        /** Whether the value is the buyer's account's (isthmus decides it: written to the CRM, never read back). */
        public boolean ofAccount() {
            return accountGetter != null;
        }

        /** The record field's value; null for an account field. */
        public String of(BuyerRecord b) {
            return getter == null ? null : getter.apply(b);
        }

        /** The value for the buyer on {@code account} (null when it has none). */
        public String of(BuyerRecord b, AccountAssignment account) {
            if (accountGetter != null) {
                return account == null ? null : accountGetter.apply(account);
            }
            return getter.apply(b);
        }

        /** A copy of {@code b} with this field set to {@code v}; {@code b} itself for an account field. */
        public BuyerRecord set(BuyerRecord b, String v) {
            if (ofAccount()) {
                return b;
            }
            return new BuyerRecord(b.id(), this == EMAIL ? v : b.email(), b.emailOriginal(),
                    this == FIRST_NAME ? v : b.firstName(), this == LAST_NAME ? v : b.lastName(),
                    this == COMPANY ? v : b.company(), this == PHONE ? v : b.phone(),
                    this == JOB_TITLE ? v : b.jobTitle(), this == COUNTRY ? v : b.country(),
                    this == WEBSITE ? v : b.website(), b.createdAt(), b.updatedAt(), b.version());
        }
    }

    /** @param defaultValue written when neither side has a value (Salesforce requires some fields); may be null */
    public record Field(String crm, BuyerField buyer, Direction direction, Precedence precedence,
                        String defaultValue) {
    }

    /** The Lead fields the read-back must fetch: inbound ones and those whose precedence looks at the CRM. */
    public List<String> leadFieldsToRead() {
        return lead.stream().filter(f -> f.direction().fromCrm() || f.precedence() == Precedence.CRM_WINS
                || f.precedence() == Precedence.CRM_UNLESS_BLANK || f.precedence() == Precedence.ISTHMUS_WINS)
                .map(Field::crm).toList();
    }

    /**
     * The buyer after taking the inbound values read back from the CRM ({@code crm}: field → value, blank as null):
     * crm-wins replaces (a blank clears), crm-unless-blank replaces unless blank, never-blank fills only gaps.
     */
    public BuyerRecord inbound(BuyerRecord b, java.util.Map<String, String> crm) {
        BuyerRecord out = b;
        for (Field f : lead) {
            if (!f.direction().fromCrm() || !crm.containsKey(f.crm())) {
                continue;
            }
            String theirs = crm.get(f.crm());
            String ours = f.buyer().of(out);
            String next = switch (f.precedence()) {
                case CRM_WINS -> theirs;
                case CRM_UNLESS_BLANK -> theirs != null ? theirs : ours;
                case NEVER_BLANK -> ours != null ? ours : theirs;
                case ISTHMUS_WINS -> ours;
            };
            if (!java.util.Objects.equals(next, ours)) {
                out = f.buyer().set(out, next);
            }
        }
        return out;
    }

    public static final String DEFAULT_RESOURCE = "isthmus/salesforce-mapping-default.yaml";

    /** Reads {@code file}, or the built-in default when it is absent. */
    public static FieldMapping load(Path file) {
        Problems problems = new Problems();
        YamlNode root;
        if (file != null && Files.exists(file)) {
            root = YamlFile.load(file, problems);
        } else {
            try (var in = FieldMapping.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
                root = YamlFile.parse(DEFAULT_RESOURCE, new String(in.readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8), problems);
            } catch (java.io.IOException | NullPointerException e) {
                throw new IllegalStateException("built-in " + DEFAULT_RESOURCE + " is missing", e);
            }
        }
        FieldMapping m = parse(root);
        problems.throwIfAny();
        if (m.contact() == null) {
            m = new FieldMapping(m.lead(), file == null ? List.of() : load(null).contact());
        }
        return m;
    }

    /** {@code contact} is null when the document has no contact section. */
    static FieldMapping parse(YamlNode root) {
        root.allowOnly("lead", "contact");
        List<Field> lead = fields(root.get("lead"), true);
        YamlNode contact = root.get("contact");
        return new FieldMapping(lead, contact.isMissing() ? null : fields(contact, false));
    }

    /** {@code inbound}: whether the read-back reads this object, so from-crm and both make sense. */
    private static List<Field> fields(YamlNode section, boolean inbound) {
        section.allowOnly("fields");
        YamlNode lead = section;
        List<Field> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlNode f : lead.get("fields").list()) {
            f.allowOnly("crm", "buyer", "direction", "precedence", "default");
            String crm = f.requiredString("crm");
            if (crm != null && !crm.matches("[A-Za-z][A-Za-z0-9_]{0,79}")) {
                f.get("crm").problem("'" + crm + "' is not a Salesforce field API name, expected e.g. Phone or My_Field__c");
                continue;
            }
            if (crm != null && !seen.add(crm.toLowerCase(Locale.ROOT))) {
                f.get("crm").problem("field " + crm + " is mapped twice");
            }
            BuyerField buyer = f.enumValue("buyer", BuyerField.class, null);
            if (buyer == null && f.get("buyer").isMissing()) {
                f.problem("missing required key 'buyer'");
            }
            Direction dir = f.enumValue("direction", Direction.class, Direction.TO_CRM);
            if (!inbound && dir != Direction.TO_CRM) {
                f.get("direction").problem("the read-back reads Leads only, expected to-crm here");
            } else if (buyer != null && buyer.ofAccount() && dir != Direction.TO_CRM) {
                f.get("direction").problem("isthmus decides the buyer's account, expected to-crm for "
                        + f.string("buyer", ""));
            }
            Precedence prec = f.enumValue("precedence", Precedence.class, Precedence.NEVER_BLANK);
            if (crm != null && buyer != null) {
                fields.add(new Field(crm, buyer, dir, prec, f.string("default", null)));
            }
        }
        return List.copyOf(fields);
    }
}
