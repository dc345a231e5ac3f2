package io.isthmus.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.app.config.ConfigException;
import io.isthmus.buyer.BuyerRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldMappingTest {

    @TempDir
    Path dir;

    private static final Instant T = Instant.parse("2024-05-01T00:00:00Z");

    private static BuyerRecord buyer(String phone) {
        return new BuyerRecord("b1", "a@x.com", "a@x.com", "Ann", "Lee", null, phone, null, null, null, T, T, 1);
    }

    private FieldMapping mapping(String precedence, String direction) throws Exception {
        Path f = dir.resolve("m.yaml");
        Files.writeString(f, "lead:\n  fields:\n    - { crm: Phone, buyer: phone, direction: " + direction
                + ", precedence: " + precedence + ", default: \"n/a\" }\n");
        return FieldMapping.load(f);
    }

    /** ours, theirs (CRM) → what is written ('-' = field left out, 'null' = cleared). */
    @ParameterizedTest(name = "{0}: ours={1} crm={2} → {3}")
    @CsvSource(nullValues = "~", value = {
        "isthmus-wins,     +1 555, +1 999, +1 555",
        "isthmus-wins,     ~,      +1 999, null",
        "isthmus-wins,     ~,      ~,      n/a",
        "never-blank,      +1 555, +1 999, +1 555",
        "never-blank,      ~,      +1 999, -",
        "never-blank,      ~,      ~,      n/a",
        "crm-wins,         +1 555, +1 999, -",
        "crm-wins,         +1 555, ~,      +1 555",
        "crm-unless-blank, ~,      ~,      n/a",
    })
    void outbound_followsPrecedence(String precedence, String ours, String theirs, String written) throws Exception {
        Map<String, String> crm = new HashMap<>();
        if (theirs != null) {
            crm.put("Phone", theirs);
        }
        Map<String, Object> f = new SalesforceLeadMapper(mapping(precedence, "both")).fields(buyer(ours), crm);

        if (written.equals("-")) {
            assertThat(f).doesNotContainKey("Phone");
        } else {
            assertThat(f).containsEntry("Phone", written.equals("null") ? null : written);
        }
    }

    @ParameterizedTest(name = "{0}: ours={1} crm={2} → buyer {3}")
    @CsvSource(nullValues = "~", value = {
        "crm-wins,         +1 555, +1 999, +1 999",
        "crm-wins,         +1 555, ~,      ~",
        "crm-unless-blank, +1 555, ~,      +1 555",
        "crm-unless-blank, +1 555, +1 999, +1 999",
        "never-blank,      +1 555, +1 999, +1 555",
        "never-blank,      ~,      +1 999, +1 999",
        "isthmus-wins,     +1 555, +1 999, +1 555",
    })
    void inbound_followsPrecedence(String precedence, String ours, String theirs, String result) throws Exception {
        Map<String, String> crm = new HashMap<>();
        crm.put("Phone", theirs);

        assertThat(mapping(precedence, "both").inbound(buyer(ours), crm).phone()).isEqualTo(result);
    }

    @Test
    void toCrmOnlyField_isNeverTakenFromTheCrm() throws Exception {
        assertThat(mapping("crm-wins", "to-crm").inbound(buyer("+1 555"), Map.of("Phone", "+1 999")).phone())
                .isEqualTo("+1 555");
    }

    @Test
    void badMapping_isRefusedWithEveryProblemAndItsPosition() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, """
                lead:
                  fields:
                    - { crm: Phone, buyer: fax, precedence: crm-wins }
                    - { crm: "Bad Field", buyer: phone }
                    - { crm: Email, buyer: email, direction: sideways }
                """);

        assertThatThrownBy(() -> FieldMapping.load(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":3:28 lead.fields[0].buyer: 'fax' is not allowed, expected one of email")
                .hasMessageContaining(f + ":4:14 lead.fields[1].crm: 'Bad Field' is not a Salesforce field API name")
                .hasMessageContaining(f + ":5:46 lead.fields[2].direction: 'sideways' is not allowed");
    }

    @Test
    void shippedDefault_matchesTheConfigFileAndLoads() throws Exception {
        // The first lines name the schema for editors, each by its own relative path.
        assertThat(withoutSchemaLine(Files.readString(Path.of("config/salesforce-mapping.yaml")))).isEqualTo(
                withoutSchemaLine(Files.readString(Path.of("src/main/resources/isthmus/salesforce-mapping-default.yaml"))));
        assertThat(FieldMapping.load(null).lead()).extracting(FieldMapping.Field::crm)
                .containsExactly("Email", "FirstName", "LastName", "Company", "Phone", "Title", "Country", "Website",
                        "Isthmus_Account_Id__c", "Isthmus_Account_Name__c", "Isthmus_Account_Match__c");
    }

    @Test
    void contactFields_defaultWhenLeftOut_andFromCrmIsRefusedThere() throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                lead:
                  fields:
                    - { crm: LastName, buyer: last-name }
                contact:
                  fields:
                    - { crm: LastName, buyer: last-name, direction: both }
                """);

        assertThat(mapping("never-blank", "both").contact()).extracting(FieldMapping.Field::crm)
                .containsExactly("Email", "FirstName", "LastName", "Phone", "Title", "MailingCountry");
        assertThatThrownBy(() -> FieldMapping.load(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":6:53 contact.fields[0].direction: the read-back reads Leads only");
    }

    @Test
    void contactPayload_takesWhatTheLeadHeldAsTheCrmsValues() {
        FieldMapping m = FieldMapping.load(null);
        BuyerRecord b = new BuyerRecord("b1", "a@x.com", "a@x.com", "Ann", "Lee", "Acme", "+1 555", null, "FR", null,
                T, T, 1);

        String payload = new SalesforceLeadMapper(m).contactPayload(b, Map.of("Phone", "+1 999"),
                Map.of("Isthmus_Stage__c", "SQL"));

        assertThat(payload).isEqualTo("{\"Email\":\"a@x.com\",\"FirstName\":\"Ann\",\"LastName\":\"Lee\","
                + "\"MailingCountry\":\"FR\",\"Isthmus_Stage__c\":\"SQL\"}");
    }

    private static String withoutSchemaLine(String yaml) {
        return yaml.startsWith("# yaml-language-server:") ? yaml.substring(yaml.indexOf('\n') + 1) : yaml;
    }

    @Test
    void accountFields_carryTheBuyersAccount_andNothingWithoutOne() throws Exception {
        Path f = dir.resolve("a.yaml");
        Files.writeString(f, """
                lead:
                  fields:
                    - { crm: Email, buyer: email }
                    - { crm: Isthmus_Account_Id__c, buyer: crm-account-id }
                    - { crm: Isthmus_Account_Name__c, buyer: account-name }
                    - { crm: Isthmus_Account_Match__c, buyer: account-match }
                """);
        SalesforceLeadMapper mapper = new SalesforceLeadMapper(FieldMapping.load(f));
        io.isthmus.identity.AccountAssignment acme = new io.isthmus.identity.AccountAssignment("acc-1", "Acme GmbH",
                "0015g00000CCCCCAA1", "company-name", 0.9312);

        assertThat(mapper.payload(buyer(null), acme, Map.of(), Map.of())).isEqualTo("{\"Email\":\"a@x.com\","
                + "\"Isthmus_Account_Id__c\":\"0015g00000CCCCCAA1\",\"Isthmus_Account_Name__c\":\"Acme GmbH\","
                + "\"Isthmus_Account_Match__c\":\"company-name 0.93\"}");
        assertThat(mapper.payload(buyer(null), null, Map.of(), Map.of())).isEqualTo("{\"Email\":\"a@x.com\"}");
    }

    @Test
    void accountField_readBackFromTheCrm_isRefused() throws Exception {
        Path f = dir.resolve("a.yaml");
        Files.writeString(f, """
                lead:
                  fields:
                    - { crm: Isthmus_Account_Id__c, buyer: crm-account-id, direction: both }
                """);

        assertThatThrownBy(() -> FieldMapping.load(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":3:71 lead.fields[0].direction: isthmus decides the buyer's account, "
                        + "expected to-crm for crm-account-id");
    }
}
