package io.isthmus.scoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The short text sales read beside the scores, e.g. {@code +20 pricing page ×3, +15 VP title, −8 decay}.
 *
 * <p>One item per rule: its points before decay summed, and {@code ×n} when it matched more than one activity
 * (capped ones included: "+40 pricing page ×6" says six visits, capped at 40).
 * What decay took from all engagement rules is one {@code decay} item, so the items add up to the total score.
 * Items are ordered by size; when the text would be too long, whole items are dropped from the end and
 * {@code …} marks the cut, so the biggest reasons always show.
 */
public final class ScoreSummary {

    static final String MINUS = "\u2212";
    static final String TIMES = "\u00d7";
    static final String MORE = "\u2026";
    static final String SEPARATOR = ", ";
    static final String DECAY_LABEL = "decay";

    private final int maxLength;

    /** @param maxLength the CRM field's length; at least 2 so a cut can still show its mark */
    public ScoreSummary(int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2, was " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /** Formats the explanation of {@code score}; both must come from the same {@link ScoreResult}. */
    public String format(List<ScoreContribution> contributions, Score score) {
        List<Item> items = new ArrayList<>();
        int rawTotal = 0;
        int order = 0;
        for (ScoreContribution g : ScoreResult.group(contributions)) {
            rawTotal += g.pointsBeforeDecay();
            if (g.pointsBeforeDecay() != 0) {
                items.add(new Item(g.pointsBeforeDecay(), g.ruleLabel(), g.count(), order++));
            }
        }
        // Rounded scores minus whole rule points: what decay (and rounding) took, so the items add up to the total.
        int decay = score.total() - rawTotal;
        if (decay != 0) {
            items.add(new Item(decay, DECAY_LABEL, 1, order));
        }
        items.sort(Comparator.comparingInt((Item i) -> -Math.abs(i.points())).thenComparingInt(Item::order));
        return join(items.stream().map(Item::text).toList());
    }

    private String join(List<String> texts) {
        String full = String.join(SEPARATOR, texts);
        if (full.length() <= maxLength) {
            return full;
        }
        StringBuilder sb = new StringBuilder();
        String cutMark = SEPARATOR + MORE;
        for (String t : texts) {
            int extra = (sb.length() == 0 ? 0 : SEPARATOR.length()) + t.length();
            if (sb.length() + extra + cutMark.length() > maxLength) {
                break;
            }
            if (sb.length() > 0) {
                sb.append(SEPARATOR);
            }
            sb.append(t);
        }
        if (sb.length() == 0) {
            // Not even the first item fits: cut inside it, never between the two halves of a surrogate pair.
            int end = maxLength - MORE.length();
            if (Character.isHighSurrogate(full.charAt(end - 1))) {
                end--;
            }
            return full.substring(0, end) + MORE;
        }
        return sb.append(cutMark).toString();
    }

    private record Item(int points, String label, long count, int order) {
        String text() {
            String sign = points < 0 ? MINUS : "+";
            return sign + Math.abs(points) + " " + label + (count > 1 ? " " + TIMES + count : "");
        }
    }
}
