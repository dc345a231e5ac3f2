package io.isthmus.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.app.config.ConfigException;
import io.isthmus.source.ActivityType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttributionConfigTest {

    @TempDir
    Path dir;

    private AttributionConfig load(String yaml) throws Exception {
        Path file = dir.resolve("attribution.yaml");
        Files.writeString(file, yaml);
        return AttributionConfig.load(file);
    }

    private PositionBasedModel model(AttributionConfig c, String name) {
        return (PositionBasedModel) c.models().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void load_noFile_givesDocumentedDefaults() {
        AttributionConfig c = AttributionConfig.load(null);
        assertThat(c.models()).extracting(AttributionModel::name).containsExactly("first-touch", "last-touch",
                "linear", "u-shaped", "w-shaped", "full-path", "time-decay");
        assertThat(model(c, "u-shaped").weights().values()).containsExactly(new BigDecimal("0.40"),
                new BigDecimal("0.40"));
        assertThat(model(c, "full-path").weights().get(Position.CLOSED_WON)).isEqualByComparingTo("0.225");
        assertThat(((TimeDecayModel) c.models().get(6)).halfLife()).isEqualTo(Duration.ofDays(7));
        assertThat(c.touchTypes()).contains(ActivityType.FORM_FILL, ActivityType.PAGE_VIEW)
                .doesNotContain(ActivityType.EMAIL_OPEN);
    }

    @Test
    void load_shippedConfigFile_equalsDefaults() {
        AttributionConfig shipped = AttributionConfig.load(Path.of("config/attribution.yaml"));
        assertThat(model(shipped, "w-shaped").weights().get(Position.OPPORTUNITY_CREATION))
                .isEqualByComparingTo("0.30");
        assertThat(shipped.touchTypes()).isEqualTo(AttributionConfig.load(null).touchTypes());
    }

    @Test
    void load_partialModel_keepsDefaultsForKeysLeftOut() throws Exception {
        AttributionConfig c = load("""
                models:
                  u-shaped:
                    first-touch: 50%
                  time-decay:
                    half-life: 30d
                """);
        assertThat(model(c, "u-shaped").weights().get(Position.FIRST_TOUCH)).isEqualByComparingTo("0.5");
        assertThat(model(c, "u-shaped").weights().get(Position.LEAD_CREATION)).isEqualByComparingTo("0.4");
        assertThat(((TimeDecayModel) c.models().get(6)).halfLife()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void load_vendorFiftyFifty_isAccepted() throws Exception {
        AttributionConfig c = load("models: {u-shaped: {first-touch: 0.5, lead-creation: 0.5}}\n");
        assertThat(model(c, "u-shaped").weights().values()).containsExactly(new BigDecimal("0.5"),
                new BigDecimal("0.5"));
    }

    @Test
    void load_badValues_reportsEveryProblemWithLineAndColumn() throws Exception {
        Path file = dir.resolve("attribution.yaml");
        Files.writeString(file, """
                touch-types: [form-fill, handshake]
                models:
                  u-shaped:
                    first-touch: 0.7
                    lead-creation: 0.6
                  w-shaped:
                    first-touch: 1.5
                    opportunity-creation: lots
                  full-path:
                    closed-lost: 0.1
                  time-decay:
                    half-life: 0d
                  markov: {}
                """);
        assertThatThrownBy(() -> AttributionConfig.load(file)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).extracting(Object::toString).containsExactly(
                        file + ":1:26 touch-types[1]: 'handshake' is not an activity type, expected one of page-view,"
                                + " email-sent, email-delivered, email-open, email-click, email-bounce, form-fill, "
                                + "content-download, webinar-registered, webinar-attended, event-attended, "
                                + "campaign-response, outlink, goal, other",
                        file + ":13:11 models.markov: unknown key 'markov', expected one of u-shaped, w-shaped, "
                                + "full-path, time-decay",
                        file + ":4:5 models.u-shaped: position weights sum to 1.3, expected at most 1 (the rest is "
                                + "shared by the touches between)",
                        file + ":7:18 models.w-shaped.first-touch: is 1.5, expected a weight from 0 to 1 such as "
                                + "0.4 or 40%",
                        file + ":8:27 models.w-shaped.opportunity-creation: 'lots' is not a number, expected a "
                                + "weight from 0 to 1 such as 0.4 or 40%",
                        file + ":10:18 models.full-path.closed-lost: unknown key 'closed-lost', expected one of "
                                + "first-touch, lead-creation, opportunity-creation, closed-won",
                        file + ":12:16 models.time-decay.half-life: must be longer than zero, expected e.g. 7d"));
    }

    @Test
    void load_emptyTouchTypes_isRefused() throws Exception {
        assertThatThrownBy(() -> load("touch-types: []\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining(":1:14 touch-types: is empty, expected at least one activity type");
    }

    @Test
    void attributor_fromConfig_creditsWithConfiguredWeights() throws Exception {
        AttributionConfig c = load("models: {u-shaped: {first-touch: 0.3, lead-creation: 0.5}}\n");
        Journey j = Touches.won(List.of(Touches.touch("t1", 1), Touches.touch("t2", 2)), 2, 3, 4, "80");
        Attribution u = c.attributor().attribute(j).get(3);
        assertThat(Touches.revenue(u)).containsExactly("t1=30.00", "t2=50.00");
    }
}
