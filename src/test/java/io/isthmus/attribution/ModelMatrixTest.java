package io.isthmus.attribution;

import static io.isthmus.attribution.Touches.touch;
import static io.isthmus.attribution.Touches.won;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model against the same six journeys, weights worked out by hand (default weights; time decay with a
 * one-day half-life so the numbers are powers of two). Days are touch times; all opportunities are won at 100.
 */
class ModelMatrixTest {

    /** Journeys by name. */
    private static final Map<String, Journey> JOURNEYS = Map.of(
            // one touch: it holds every position
            "one", won(List.of(touch("t1", 1)), 1, 2, 3, "100"),
            // two touches: t1 first and lead creation (lead at 1.5), t2 opportunity creation (2.5) and last
            "two", won(List.of(touch("t1", 1), touch("t2", 2)), 1.5, 2.5, 3, "100"),
            // a and b tie at day 1 (order a, b); lead at day 1 → b; opportunity at day 2 → c
            "ties", won(List.of(touch("b", 1), touch("a", 1), touch("c", 2)), 1, 2, 3, "100"),
            // t3 lies after close at day 3: not credited; lead and opportunity creation both → t1
            "after close", won(List.of(touch("t1", 1), touch("t2", 2), touch("t3", 4)), 1, 1.5, 3, "100"),
            // lead at 3.5 → t3, opportunity at 4.5 → t4, closed won at 10 → t5; t2 lies between
            "many", won(List.of(touch("t1", 1), touch("t2", 2), touch("t3", 3), touch("t4", 4), touch("t5", 5)),
                    3.5, 4.5, 10, "100"),
            "none", won(List.of(), 1, 2, 3, "100"));

    private static final List<AttributionModel> MODELS = models();

    private static List<AttributionModel> models() {
        List<AttributionModel> m = new ArrayList<>(AttributionConfig.load(null).models());
        m.set(6, new TimeDecayModel(Duration.ofDays(1)));
        return m;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("first-touch", "one", "t1=1.000000"),
                Arguments.of("first-touch", "two", "t1=1.000000 t2=0.000000"),
                Arguments.of("first-touch", "ties", "a=1.000000 b=0.000000 c=0.000000"),
                Arguments.of("first-touch", "after close", "t1=1.000000 t2=0.000000"),
                Arguments.of("first-touch", "many", "t1=1.000000 t2=0.000000 t3=0.000000 t4=0.000000 t5=0.000000"),
                Arguments.of("last-touch", "one", "t1=1.000000"),
                Arguments.of("last-touch", "two", "t1=0.000000 t2=1.000000"),
                Arguments.of("last-touch", "ties", "a=0.000000 b=0.000000 c=1.000000"),
                Arguments.of("last-touch", "after close", "t1=0.000000 t2=1.000000"),
                Arguments.of("last-touch", "many", "t1=0.000000 t2=0.000000 t3=0.000000 t4=0.000000 t5=1.000000"),
                Arguments.of("linear", "one", "t1=1.000000"),
                Arguments.of("linear", "two", "t1=0.500000 t2=0.500000"),
                Arguments.of("linear", "ties", "a=0.333334 b=0.333333 c=0.333333"),
                Arguments.of("linear", "after close", "t1=0.500000 t2=0.500000"),
                Arguments.of("linear", "many", "t1=0.200000 t2=0.200000 t3=0.200000 t4=0.200000 t5=0.200000"),
                // U: t1 holds first and lead (0.8), nothing between → 100 %; t2 is after lead creation
                Arguments.of("u-shaped", "one", "t1=1.000000"),
                Arguments.of("u-shaped", "two", "t1=1.000000 t2=0.000000"),
                Arguments.of("u-shaped", "ties", "a=0.500000 b=0.500000 c=0.000000"),
                Arguments.of("u-shaped", "after close", "t1=1.000000 t2=0.000000"),
                Arguments.of("u-shaped", "many", "t1=0.400000 t2=0.200000 t3=0.400000 t4=0.000000 t5=0.000000"),
                // W: two → 0.6 : 0.3 = 2/3 : 1/3; ties → 0.3 each on a, b, c = 1/3 each
                Arguments.of("w-shaped", "one", "t1=1.000000"),
                Arguments.of("w-shaped", "two", "t1=0.666667 t2=0.333333"),
                Arguments.of("w-shaped", "ties", "a=0.333334 b=0.333333 c=0.333333"),
                Arguments.of("w-shaped", "after close", "t1=1.000000 t2=0.000000"),
                Arguments.of("w-shaped", "many", "t1=0.300000 t2=0.100000 t3=0.300000 t4=0.300000 t5=0.000000"),
                // full path: two → 0.45 : 0.45; ties → 0.225 : 0.225 : 0.45; after close → 0.675 : 0.225
                Arguments.of("full-path", "one", "t1=1.000000"),
                Arguments.of("full-path", "two", "t1=0.500000 t2=0.500000"),
                Arguments.of("full-path", "ties", "a=0.250000 b=0.250000 c=0.500000"),
                Arguments.of("full-path", "after close", "t1=0.750000 t2=0.250000"),
                Arguments.of("full-path", "many", "t1=0.225000 t2=0.100000 t3=0.225000 t4=0.225000 t5=0.225000"),
                // time decay, half-life one day: many → 1:2:4:8:16 over 31, the spare micro-unit to 8/31 (.516)
                Arguments.of("time-decay", "one", "t1=1.000000"),
                Arguments.of("time-decay", "two", "t1=0.333333 t2=0.666667"),
                Arguments.of("time-decay", "ties", "a=0.250000 b=0.250000 c=0.500000"),
                Arguments.of("time-decay", "after close", "t1=0.333333 t2=0.666667"),
                Arguments.of("time-decay", "many", "t1=0.032258 t2=0.064516 t3=0.129032 t4=0.258065 t5=0.516129"));
    }

    @ParameterizedTest(name = "{0}, {1} → {2}")
    @MethodSource("cases")
    void attribute_handComputedWeights(String modelName, String journey, String expected) {
        AttributionModel model = MODELS.stream().filter(m -> m.name().equals(modelName)).findFirst().orElseThrow();
        Attribution a = new Attributor(MODELS).attribute(JOURNEYS.get(journey), model);
        assertThat(String.join(" ", Touches.weights(a))).isEqualTo(expected);
        BigDecimal revenue = a.credits().stream().map(Credit::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(revenue).isEqualByComparingTo("100");
    }

    @ParameterizedTest(name = "{0}, no touches → unattributed")
    @MethodSource("names")
    void attribute_noTouches_isUnattributedUnderEveryModel(String modelName) {
        AttributionModel model = MODELS.stream().filter(m -> m.name().equals(modelName)).findFirst().orElseThrow();
        Attribution a = new Attributor(MODELS).attribute(JOURNEYS.get("none"), model);
        assertThat(a.credits()).isEmpty();
        assertThat(a.unattributedRevenue()).isEqualByComparingTo("100");
    }

    static Stream<String> names() {
        return MODELS.stream().map(AttributionModel::name);
    }
}
