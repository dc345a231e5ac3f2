package io.isthmus.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.buyer.BuyerRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Lead fields isthmus writes for a buyer. Contact fields isthmus has no value for are left out, so a blank
 * never erases what sales entered; isthmus-owned fields (score, stage) are sent as they are, null clearing them.
 * Field order is fixed so the same values always give the same JSON (the outbox compares payload hashes to skip
 * unchanged records).
 */
public final class SalesforceLeadMapper {

    /** Salesforce requires Company on a Lead; this is the value the major MAP connectors use when none is known. */
    static final String COMPANY_NOT_PROVIDED = "[not provided]";

    private final ObjectMapper json = new ObjectMapper();

    public Map<String, Object> fields(BuyerRecord b) {
        Map<String, Object> f = new LinkedHashMap<>();
        putIfKnown(f, "Email", b.email());
        putIfKnown(f, "FirstName", b.firstName());
        putIfKnown(f, "LastName", b.lastName());
        f.put("Company", b.company() == null ? COMPANY_NOT_PROVIDED : b.company());
        putIfKnown(f, "Phone", b.phone());
        putIfKnown(f, "Title", b.jobTitle());
        putIfKnown(f, "Country", b.country());
        putIfKnown(f, "Website", b.website());
        return f;
    }

    /** The payload: the contact fields, then the isthmus-owned fields in their given order. */
    public String payload(BuyerRecord b, Map<String, Object> owned) {
        Map<String, Object> f = fields(b);
        f.putAll(owned);
        try {
            return json.writeValueAsString(f);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    private static void putIfKnown(Map<String, Object> f, String field, String value) {
        if (value != null) {
            f.put(field, value);
        }
    }
}
