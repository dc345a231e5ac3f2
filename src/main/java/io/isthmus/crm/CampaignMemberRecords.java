package io.isthmus.crm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.source.SourceActivity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A CampaignMember for every Salesforce Campaign a buyer responded to: an activity of a configured type whose source
 * campaign is mapped to a Campaign id. The external id is {@code <buyer id>/<Campaign id>}. The payload holds the
 * Campaign and the status only; the sink adds LeadId or ContactId when it sends the record (see
 * {@link SalesforceOutboxSink}), because the Lead may be created in the same drain.
 */
public final class CampaignMemberRecords {

    public static final String SOBJECT = "CampaignMember";

    private final SalesforceObjects.CampaignMembers config;
    private final ObjectMapper json = new ObjectMapper();

    public CampaignMemberRecords(SalesforceObjects.CampaignMembers config) {
        this.config = config;
    }

    public List<CrmCommand> members(String buyerId, List<SourceActivity> activities) {
        if (!config.enabled()) {
            return List.of();
        }
        Set<String> campaignIds = new LinkedHashSet<>();
        for (SourceActivity a : activities) {
            if (a.campaign() != null && config.activityTypes().contains(a.type())) {
                String id = config.campaigns().get(a.campaign());
                if (id != null) {
                    campaignIds.add(id);
                }
            }
        }
        List<CrmCommand> out = new ArrayList<>(campaignIds.size());
        for (String id : campaignIds) {
            ObjectNode m = json.createObjectNode();
            m.put("CampaignId", id);
            m.put("Status", config.status());
            out.add(new CrmCommand(SOBJECT, buyerId + "/" + id, m.toString()));
        }
        return out;
    }
}
