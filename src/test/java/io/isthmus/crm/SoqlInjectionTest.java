package io.isthmus.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * SOQL literals built by {@link Soql} stay one literal whatever the value holds: read back with SOQL's own escape
 * rules, each literal ends exactly where it was meant to and decodes to the original value.
 */
class SoqlInjectionTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "O'Brien",
        "' OR Name != '",
        "x' OR Id != null OR Name = 'y",
        "\\' OR 1=1 --",
        "\\\\' OR Email LIKE '%",
        "'; DELETE FROM Lead; --",
        "name\" OR \"a\"=\"a",
        "line\nbreak' OR Id != null",
        "tab\tand\rreturn\b\f",
        "Ünïcødé 名前 😀 '",
        "%' AND Name LIKE '%",
        "') OR (Id != null",
        "\\",
        "'",
        "",
        "<script>alert('x')</script>",
    })
    void string_withInjectionAttempt_staysOneLiteralDecodingToTheValue(String hostile) {
        String literal = Soql.string(hostile);

        assertThat(literal).startsWith("'").endsWith("'");
        assertThat(endOfLiteral(literal)).as("the literal closes only at its last character")
                .isEqualTo(literal.length() - 1);
        assertThat(decode(literal)).isEqualTo(hostile);
        assertThat(literal).doesNotContain("\n", "\r", "\t");
    }

    @Test
    void string_inAWhereClause_leavesTheClauseWithOneCondition() {
        String where = "WHERE Email = " + Soql.string("a@b.com' OR Email != '");

        assertThat(where).isEqualTo("WHERE Email = 'a@b.com\\' OR Email != \\''");
        assertThat(endOfLiteral(where.substring(where.indexOf('\'')))).isEqualTo(where.length() - 1
                - where.indexOf('\''));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Email' OR Id != null", "Name--", "Id,Name", "a b", "1Field", "Field__c)", "", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "Isthmus_Buyer_Id__c FROM Lead", "Name;", "Ñame"})
    void name_withAnythingButAnApiName_isRefused(String hostile) {
        assertThatThrownBy(() -> Soql.name(hostile)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Salesforce API name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Isthmus_Buyer_Id__c", "Email", "SystemModstamp", "ns__Field__c"})
    void name_withApiName_isKeptAsIs(String name) {
        assertThat(Soql.name(name)).isEqualTo(name);
    }

    @Test
    void datetime_isUtcWholeSecondsAndUnquoted() {
        assertThat(Soql.datetime(Instant.parse("2026-11-23T12:34:56.789Z"))).isEqualTo("2026-11-23T12:34:56Z");
    }

    /** Index of the quote that closes the literal starting at 0, with SOQL's backslash escapes; -1 if none. */
    private static int endOfLiteral(String s) {
        for (int i = 1; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\') {
                i++;
            } else if (ch == '\'') {
                return i;
            }
        }
        return -1;
    }

    private static String decode(String literal) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < literal.length() - 1; i++) {
            char ch = literal.charAt(i);
            if (ch != '\\') {
                out.append(ch);
                continue;
            }
            char e = literal.charAt(++i);
            out.append(switch (e) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'b' -> '\b';
                case 'f' -> '\f';
                default -> e;
            });
        }
        return out.toString();
    }
}
