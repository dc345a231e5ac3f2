package io.isthmus.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.isthmus.buyer.BuyerRecord;
import io.isthmus.store.ActivityRepository.ActivityRef;
import io.isthmus.store.ConsentRepository.Consent;
import io.isthmus.store.SourceLinkRepository.Link;
import java.util.List;
import java.util.Map;

/**
 * What each side of a merge held just before it, stored with the merge ({@code merge_event.contributions}): enough to
 * give both buyers back exactly, with their links, activities, field values and consent.
 *
 * @param survivorBefore     the surviving buyer as it was
 * @param absorbedBefore     the absorbed buyer as it was; for a source contact that joined a buyer, the buyer it
 *                           would have become on its own
 * @param absorbedExisted    false when the absorbed side was a contact that joined (it was never a stored buyer)
 * @param absorbedLinks      the source records (identity links) the absorbed side brought
 * @param absorbedActivities the activities the absorbed side brought
 * @param fieldSources       for each buyer field after the merge: {@code survivor}, {@code absorbed} or {@code both}
 * @param survivorConsent    consent as stored for each side before the merge
 */
public record MergeLineage(BuyerRecord survivorBefore, BuyerRecord absorbedBefore, boolean absorbedExisted,
                           List<Link> absorbedLinks, List<ActivityRef> absorbedActivities,
                           Map<String, String> fieldSources, Consent survivorConsent, Consent absorbedConsent) {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public MergeLineage {
        absorbedLinks = List.copyOf(absorbedLinks);
        absorbedActivities = List.copyOf(absorbedActivities);
        fieldSources = Map.copyOf(fieldSources);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("merge lineage always serializes", e);
        }
    }

    public static MergeLineage fromJson(String text) {
        try {
            return JSON.readValue(text, MergeLineage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored merge lineage is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    /** Which side each field's merged value came from. */
    static Map<String, String> fieldSources(BuyerRecord survivor, BuyerRecord absorbed, BuyerRecord merged) {
        Map<String, String> out = new java.util.TreeMap<>();
        side(out, "email", survivor.email(), absorbed.email(), merged.email());
        side(out, "first_name", survivor.firstName(), absorbed.firstName(), merged.firstName());
        side(out, "last_name", survivor.lastName(), absorbed.lastName(), merged.lastName());
        side(out, "company", survivor.company(), absorbed.company(), merged.company());
        side(out, "phone", survivor.phone(), absorbed.phone(), merged.phone());
        side(out, "job_title", survivor.jobTitle(), absorbed.jobTitle(), merged.jobTitle());
        side(out, "country", survivor.country(), absorbed.country(), merged.country());
        side(out, "website", survivor.website(), absorbed.website(), merged.website());
        return out;
    }

    private static void side(Map<String, String> out, String field, String s, String a, String merged) {
        if (merged == null) {
            return;
        }
        boolean fromS = merged.equals(s);
        boolean fromA = merged.equals(a);
        out.put(field, fromS && fromA ? "both" : fromS ? "survivor" : fromA ? "absorbed" : "other");
    }
}
