package io.isthmus.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isthmus.buyer.BuyerRecord;
import io.isthmus.identity.AccountAssignment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Lead fields isthmus writes for a buyer, by the configured {@link FieldMapping}: per field its direction and
 * precedence decide whether isthmus's value, nothing, or the default is written, given what the CRM holds. Field
 * order is fixed so the same values always give the same JSON (the outbox compares payload hashes to skip unchanged
 * records). isthmus-owned fields (score, stage) follow, sent as they are: a null clears them.
 */
public final class SalesforceLeadMapper {

    private final FieldMapping mapping;
    private final ObjectMapper json = new ObjectMapper();

    public SalesforceLeadMapper(FieldMapping mapping) {
        this.mapping = mapping;
    }

    /**
     * @param crm the Lead's mapped values as last read back (blank values absent); empty when never read
     */
    public Map<String, Object> fields(BuyerRecord b, Map<String, String> crm) {
        return fields(mapping.lead(), b, null, crm);
    }

    private static Map<String, Object> fields(java.util.List<FieldMapping.Field> mapped, BuyerRecord b,
                                              AccountAssignment account, Map<String, String> crm) {
        Map<String, Object> f = new LinkedHashMap<>();
        for (FieldMapping.Field m : mapped) {
            if (!m.direction().toCrm()) {
                continue;
            }
            String ours = m.buyer().of(b, account);
            String theirs = crm.get(m.crm());
            switch (m.precedence()) {
                case ISTHMUS_WINS -> {
                    if (ours != null || theirs != null) {
                        f.put(m.crm(), ours);
                    } else if (m.defaultValue() != null) {
                        f.put(m.crm(), m.defaultValue());
                    }
                }
                case NEVER_BLANK -> {
                    if (ours != null) {
                        f.put(m.crm(), ours);
                    } else if (theirs == null && m.defaultValue() != null) {
                        f.put(m.crm(), m.defaultValue());
                    }
                }
                case CRM_WINS, CRM_UNLESS_BLANK -> {
                    if (theirs == null && (ours != null || m.defaultValue() != null)) {
                        f.put(m.crm(), ours != null ? ours : m.defaultValue());
                    }
                }
                default -> throw new IllegalStateException("unhandled precedence " + m.precedence());
            }
        }
        return f;
    }

    /** The payload: the mapped fields, then the isthmus-owned fields in their given order. */
    public String payload(BuyerRecord b, Map<String, String> crm, Map<String, Object> owned) {
        return payload(b, null, crm, owned);
    }

    /** {@link #payload(BuyerRecord, Map, Map)} with the buyer's account for the account fields (null: none). */
    public String payload(BuyerRecord b, AccountAssignment account, Map<String, String> crm,
                          Map<String, Object> owned) {
        return json(fields(mapping.lead(), b, account, crm), owned);
    }

    /**
     * The payload for the Contact a converted Lead became. The Contact is not read back; what the CRM holds is taken
     * to be what the Lead last held ({@code leadCrm}, by Lead field), as the conversion copied it, matched by buyer
     * field. isthmus-owned fields go to the Contact fields of the same names.
     */
    public String contactPayload(BuyerRecord b, Map<String, String> leadCrm, Map<String, Object> owned) {
        return contactPayload(b, null, leadCrm, owned);
    }

    /** {@link #contactPayload(BuyerRecord, Map, Map)} with the buyer's account (null: none). */
    public String contactPayload(BuyerRecord b, AccountAssignment account, Map<String, String> leadCrm,
                                 Map<String, Object> owned) {
        Map<FieldMapping.BuyerField, String> held = new java.util.EnumMap<>(FieldMapping.BuyerField.class);
        for (FieldMapping.Field m : mapping.lead()) {
            if (leadCrm.get(m.crm()) != null) {
                held.put(m.buyer(), leadCrm.get(m.crm()));
            }
        }
        Map<String, String> crm = new java.util.HashMap<>();
        for (FieldMapping.Field m : mapping.contact()) {
            if (held.get(m.buyer()) != null) {
                crm.put(m.crm(), held.get(m.buyer()));
            }
        }
        return json(fields(mapping.contact(), b, account, crm), owned);
    }

    private String json(Map<String, Object> f, Map<String, Object> owned) {
        f.putAll(owned);
        try {
            return json.writeValueAsString(f);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serializes", e);
        }
    }
}
