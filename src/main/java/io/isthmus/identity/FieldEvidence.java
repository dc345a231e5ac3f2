package io.isthmus.identity;

/**
 * What one field contributed to a decision.
 *
 * @param left   the probe's cleaned value, null when missing
 * @param right  the candidate's cleaned value, null when missing
 * @param level  the label of the agreement level that applied, or {@code missing}
 * @param weight the bits this field added (0 when a value is missing)
 */
public record FieldEvidence(String field, String left, String right, String level, double weight) {
}
