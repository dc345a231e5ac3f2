package io.isthmus.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** YAML to JSON for the schema checks: YAML 1.2 core scalar types, positions kept, hostile trees refused. */
class YamlJsonTest {

    private static YamlJson parse(String text) {
        Problems problems = new Problems();
        YamlNode root = YamlFile.parse("t.yaml", text, problems);
        assertThat(problems.list()).isEmpty();
        return YamlJson.of(root);
    }

    @Test
    void plainScalars_areTypedByTheYaml12CoreSchema() {
        JsonNode j = parse("""
                a: 12
                b: -0.5
                c: true
                d: yes
                e: ~
                f:
                g: "12"
                h: 0x1F
                i: 1_000
                j: False
                k: !!str 7
                l: .inf
                """).json();

        assertThat(j.get("a").isInt()).isTrue();
        assertThat(j.get("b").decimalValue()).isEqualByComparingTo("-0.5");
        assertThat(j.get("c").booleanValue()).isTrue();
        assertThat(j.get("d").textValue()).as("yes is text in YAML 1.2").isEqualTo("yes");
        assertThat(j.get("e").isNull()).isTrue();
        assertThat(j.get("f").isNull()).isTrue();
        assertThat(j.get("g").textValue()).as("quoted stays text").isEqualTo("12");
        assertThat(j.get("h").intValue()).isEqualTo(31);
        assertThat(j.get("i").textValue()).as("1_000 is text in YAML 1.2").isEqualTo("1_000");
        assertThat(j.get("j").booleanValue()).isFalse();
        assertThat(j.get("k").textValue()).as("an explicit tag wins").isEqualTo("7");
        assertThat(j.get("l").doubleValue()).isInfinite();
    }

    @Test
    void positions_ofValuesAndKeys_areKeptByPath() {
        YamlJson tree = parse("""
                rules:
                  - {channel: Email, medium: mail}
                  - channel: Events
                    activity: [event-attended]
                """);

        assertThat(tree.valuePosition(List.of("rules", 0, "medium"))).containsExactly(2, 30);
        assertThat(tree.keyPosition(List.of("rules", 1, "activity"))).containsExactly(4, 5);
        assertThat(tree.valuePosition(List.of("rules", 1, "activity", 0))).containsExactly(4, 16);
        assertThat(tree.valuePosition(List.of("rules", 1, "nothing", "here"))).as("nearest ancestor")
                .containsExactly(3, 5);
        assertThat(YamlJson.pathText(List.of("rules", 1, "activity", 0))).isEqualTo("rules[1].activity[0]");
    }

    @Test
    void recursiveAlias_isRefusedInsteadOfExpandedForever() {
        YamlJson tree = parse("a: &x [1, *x]\n");

        assertThat(tree.refusal()).isNotNull();
        assertThat(tree.refusal().message()).contains("nested more than");
    }

    @Test
    void aliasesThatMultiply_areRefusedPastTheLimit() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 7; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            yaml.append(("*a" + (i - 1) + ", ").repeat(7)).append("*a").append(i - 1).append("]\n");
        }

        YamlJson tree = parse(yaml.toString());

        assertThat(tree.refusal()).isNotNull();
        assertThat(tree.refusal().message()).contains("more than " + YamlJson.MAX_VALUES + " values");
    }
}
