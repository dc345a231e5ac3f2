package io.isthmus.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.buyer.BuyerRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Lead fields isthmus writes for a buyer. Field order is fixed so the same values always give the same JSON
 * (the outbox compares payload hashes to skip unchanged records).
 */
public final class SalesforceLeadMapper {

    /** Salesforce requires Company on a Lead; this is the value the major MAP connectors use when none is known. */
    static final String COMPANY_NOT_PROVIDED = "[not provided]";

    private final ObjectMapper json = new ObjectMapper();

    public Map<String, Object> fields(BuyerRecord b) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Email", b.email());
        f.put("FirstName", b.firstName());
        f.put("LastName", b.lastName());
        f.put("Company", b.company() == null ? COMPANY_NOT_PROVIDED : b.company());
        f.put("Phone", b.phone());
        f.put("Title", b.jobTitle());
        f.put("Country", b.country());
        f.put("Website", b.website());
        return f;
    }

    public String payload(BuyerRecord b) {
        try {
            return json.writeValueAsString(fields(b));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }
}
