package io.isthmus.lifecycle;

import io.isthmus.app.config.ConfigException;
import io.isthmus.app.config.Problems;
import io.isthmus.app.config.YamlFile;
import io.isthmus.app.config.YamlNode;
import io.isthmus.scoring.Score;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The stage rules from lifecycle.yaml, parsed and validated once. Immutable.
 *
 * @param source            where the rules came from, for logs; never null
 * @param mql               when a lead becomes MQL; never null
 * @param recycle           the only ways back: recycle rules in file order; never null
 * @param disqualifyReasons lower-case reasons that disqualify for good instead of recycling; never null
 * @param slaAcceptance     how long sales may leave an MQL unaccepted before the SLA is breached; never null
 * @param leadStatus        which CRM Lead Status values mean accepted, rejected or disqualified; never null
 * @param crmFields         the CRM field API names to write; never null
 */
public record LifecycleRules(
        String source,
        MqlRule mql,
        List<RecycleRule> recycle,
        Set<String> disqualifyReasons,
        Duration slaAcceptance,
        LeadStatusMapping leadStatus,
        CrmFieldNames crmFields) {

    public static final String DEFAULT_RESOURCE = "isthmus/lifecycle-default.yaml";

    public LifecycleRules {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mql, "mql");
        Objects.requireNonNull(slaAcceptance, "slaAcceptance");
        Objects.requireNonNull(leadStatus, "leadStatus");
        Objects.requireNonNull(crmFields, "crmFields");
        recycle = List.copyOf(recycle);
        disqualifyReasons = Set.copyOf(disqualifyReasons);
    }

    public static LifecycleRules load(Path file) {
        Problems problems = new Problems();
        return finish(YamlFile.load(file, problems), problems);
    }

    public static LifecycleRules parse(String name, String text) {
        Problems problems = new Problems();
        return finish(YamlFile.parse(name, text, problems), problems);
    }

    public static LifecycleRules loadDefault() {
        try (InputStream in = LifecycleRules.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw ConfigException.of("classpath:" + DEFAULT_RESOURCE, "", "resource is missing from the jar");
            }
            return parse("classpath:" + DEFAULT_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LifecycleRules finish(YamlNode root, Problems problems) {
        LifecycleRules rules = new LifecycleRulesParser(root).read();
        problems.throwIfAny();
        return rules;
    }

    /** The first recycle rule for this trigger that allows leaving {@code from}. */
    public Optional<RecycleRule> recycleRule(RecycleRule.Trigger on, Stage from) {
        return recycle.stream().filter(r -> r.on() == on && r.from().contains(from)).findFirst();
    }

    public boolean disqualifies(String reason) {
        return reason != null && disqualifyReasons.contains(reason.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * When a lead becomes marketing-qualified.
     *
     * @param basis     which score is compared; never null
     * @param threshold the score that qualifies (inclusive)
     * @param minFit    the fit score also required, or null for none (stops active poor-fit buyers reaching sales)
     */
    public record MqlRule(Basis basis, int threshold, Integer minFit) {

        public enum Basis { TOTAL, FIT, ENGAGEMENT }

        public MqlRule {
            Objects.requireNonNull(basis, "basis");
        }

        public int value(Score s) {
            return switch (basis) {
                case TOTAL -> s.total();
                case FIT -> s.fit();
                case ENGAGEMENT -> s.engagement();
            };
        }

        public boolean reached(Score s) {
            return value(s) >= threshold && (minFit == null || s.fit() >= minFit);
        }
    }

    /**
     * A way back into nurture.
     *
     * @param id      unique id, stored with the transition; never null
     * @param on      the CRM outcome it reacts to; never null
     * @param from    the stages it may recycle from; never empty
     * @param nurture how long the buyer stays in nurture before the score may make it MQL again; zero for no wait
     */
    public record RecycleRule(String id, Trigger on, Set<Stage> from, Duration nurture) {

        public enum Trigger { LEAD_REJECTED, LEAD_DISQUALIFIED, CLOSED_LOST }

        public RecycleRule {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(on, "on");
            Objects.requireNonNull(nurture, "nurture");
            from = Set.copyOf(from);
        }
    }
}
