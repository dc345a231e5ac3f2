package io.isthmus.crm;

import io.isthmus.attribution.Attributor;
import io.isthmus.attribution.Touch;
import io.isthmus.source.SourceActivity;
import io.isthmus.store.CrmLinkRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The records a buyer's activities and touches give in Salesforce besides its Lead or Contact: Task digests,
 * CampaignMembers and touchpoints. Pure: the caller loads the buyer's activities and touches and queues the result.
 */
public final class BuyerCrmRecords {

    private final TaskDigests tasks;
    private final CampaignMemberRecords members;
    private final TouchpointRecords touchpoints;

    public BuyerCrmRecords(SalesforceObjects objects, Attributor attributor) {
        this.tasks = new TaskDigests(objects.task());
        this.members = new CampaignMemberRecords(objects.campaignMember());
        this.touchpoints = new TouchpointRecords(objects.touchpoint(), attributor);
    }

    /**
     * @param leadCreatedAt when the buyer first became a lead; null while it is not one
     * @param opportunities the buyer's opportunities as last read back
     */
    public List<CrmCommand> records(String buyerId, List<SourceActivity> activities, List<Touch> touches,
                                    Instant leadCreatedAt, List<CrmLinkRepository.Opportunity> opportunities,
                                    Instant now) {
        List<CrmCommand> out = new ArrayList<>();
        out.addAll(members.members(buyerId, activities));
        out.addAll(tasks.digests(buyerId, activities, now));
        out.addAll(touchpoints.touchpoints(buyerId, touches, leadCreatedAt, opportunities));
        return out;
    }
}
