package io.isthmus.attribution;

import io.isthmus.app.config.Problems;
import io.isthmus.app.config.YamlNode;
import io.isthmus.source.ActivityType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code config/attribution.yaml} parsed once: which activity types are touches and each model's weights.
 * Keys left out keep the values of {@value #DEFAULT_RESOURCE}.
 *
 * @param touchTypes activity types that become touches; never empty
 * @param models     the seven models in report order; never null
 */
public record AttributionConfig(Set<ActivityType> touchTypes, List<AttributionModel> models) {

    public static final String DEFAULT_RESOURCE = "isthmus/attribution-default.yaml";

    /** The weighted models and the keys of their position weights, in report order. */
    private static final Map<String, List<Position>> POSITION_MODELS = Map.of(
            "u-shaped", List.of(Position.FIRST_TOUCH, Position.LEAD_CREATION),
            "w-shaped", List.of(Position.FIRST_TOUCH, Position.LEAD_CREATION, Position.OPPORTUNITY_CREATION),
            "full-path", List.of(Position.FIRST_TOUCH, Position.LEAD_CREATION, Position.OPPORTUNITY_CREATION,
                    Position.CLOSED_WON));

    /** Every key the file may hold, by section; the published schema is checked against this list. */
    static final Map<String, List<String>> KEYS = Map.of(
            "", List.of("touch-types", "models"),
            "models", List.of("u-shaped", "w-shaped", "full-path", "time-decay"),
            "models.u-shaped", List.of("first-touch", "lead-creation"),
            "models.w-shaped", List.of("first-touch", "lead-creation", "opportunity-creation"),
            "models.full-path", List.of("first-touch", "lead-creation", "opportunity-creation", "closed-won"),
            "models.time-decay", List.of("half-life"));

    public AttributionConfig {
        touchTypes = Set.copyOf(touchTypes);
        models = List.copyOf(models);
    }

    public Attributor attributor() {
        return new Attributor(models);
    }

    /** Reads {@code file} (null or absent: defaults only); throws ConfigException listing every problem. */
    public static AttributionConfig load(Path file) {
        Problems problems = new Problems();
        YamlNode defaults = ConfigFiles.resource(DEFAULT_RESOURCE, problems);
        YamlNode user = ConfigFiles.optionalFile(file, problems);
        AttributionConfig config = parse(user, defaults);
        problems.throwIfAny();
        return config;
    }

    /** Parses without throwing; problems go to the nodes' shared {@link Problems}. */
    public static AttributionConfig parse(YamlNode user, YamlNode defaults) {
        user.allowOnly(keys(""));
        Set<ActivityType> types = touchTypes(ConfigFiles.pick(user, defaults, "touch-types"));
        YamlNode userModels = user.get("models");
        YamlNode defaultModels = defaults.get("models");
        userModels.allowOnly(keys("models"));

        List<AttributionModel> models = new ArrayList<>();
        models.add(PositionBasedModel.firstTouch());
        models.add(PositionBasedModel.lastTouch());
        models.add(new LinearModel());
        for (String name : List.of("u-shaped", "w-shaped", "full-path")) {
            models.add(positionModel(name, userModels.get(name), defaultModels.get(name)));
        }
        YamlNode userDecay = userModels.get("time-decay");
        userDecay.allowOnly(keys("models.time-decay"));
        YamlNode decay = userDecay.get("half-life").isMissing() ? defaultModels.get("time-decay") : userDecay;
        Duration halfLife = decay.duration("half-life", Duration.ofDays(7));
        if (halfLife.isZero()) {
            decay.get("half-life").problem("must be longer than zero, expected e.g. 7d");
            halfLife = Duration.ofDays(7);
        }
        models.add(new TimeDecayModel(halfLife));
        return new AttributionConfig(types, models);
    }

    private static PositionBasedModel positionModel(String name, YamlNode user, YamlNode defaults) {
        List<Position> positions = POSITION_MODELS.get(name);
        user.allowOnly(keys("models." + name));
        Map<Position, BigDecimal> weights = new LinkedHashMap<>();
        BigDecimal sum = BigDecimal.ZERO;
        boolean valid = true;
        for (Position p : positions) {
            BigDecimal w = weight(ConfigFiles.pick(user, defaults, p.key()));
            valid &= w != null;
            weights.put(p, w == null ? BigDecimal.ZERO : w);
            sum = sum.add(w == null ? BigDecimal.ZERO : w);
        }
        if (valid && sum.compareTo(BigDecimal.ONE) > 0) {
            (user.isMissing() ? defaults : user).problem("position weights sum to " + sum.stripTrailingZeros()
                    .toPlainString() + ", expected at most 1 (the rest is shared by the touches between)");
            valid = false;
        }
        if (!valid) {
            // Keep parsing so every problem is reported; this placeholder is never used (load throws).
            weights.replaceAll((p, w) -> BigDecimal.ZERO);
        }
        return new PositionBasedModel(name, weights);
    }

    private static String[] keys(String section) {
        return KEYS.get(section).toArray(String[]::new);
    }

    /** A weight as a fraction (0.4) or a percentage (40%); null after reporting when it is not one. */
    static BigDecimal weight(YamlNode node) {
        String text = node.text();
        if (text == null) {
            node.problem("missing weight, expected a number from 0 to 1 such as 0.4 or 40%");
            return null;
        }
        String t = text.trim();
        boolean percent = t.endsWith("%");
        BigDecimal w;
        try {
            w = new BigDecimal(percent ? t.substring(0, t.length() - 1).trim() : t);
        } catch (NumberFormatException e) {
            node.problem("'" + text + "' is not a number, expected a weight from 0 to 1 such as 0.4 or 40%");
            return null;
        }
        if (percent) {
            w = w.movePointLeft(2);
        }
        if (w.signum() < 0 || w.compareTo(BigDecimal.ONE) > 0) {
            node.problem("is " + text + ", expected a weight from 0 to 1 such as 0.4 or 40%");
            return null;
        }
        return w;
    }

    private static Set<ActivityType> touchTypes(YamlNode node) {
        Set<ActivityType> out = EnumSet.noneOf(ActivityType.class);
        List<YamlNode> items = node.list();
        if (items.isEmpty()) {
            node.problem("is empty, expected at least one activity type");
        }
        for (YamlNode item : items) {
            ActivityType t = activityType(item);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /** An activity type written in kebab case ({@code form-fill}); null after reporting when unknown. */
    static ActivityType activityType(YamlNode item) {
        String text = item.text();
        if (text == null) {
            return null;
        }
        String wanted = text.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (ActivityType t : ActivityType.values()) {
            if (t.name().equals(wanted)) {
                return t;
            }
        }
        item.problem("'" + text + "' is not an activity type, expected one of " + Arrays.stream(ActivityType.values())
                .map(t -> t.name().toLowerCase(Locale.ROOT).replace('_', '-')).collect(Collectors.joining(", ")));
        return null;
    }
}
