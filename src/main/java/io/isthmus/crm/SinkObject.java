package io.isthmus.crm;

import java.util.ArrayList;
import java.util.List;

/**
 * One sObject the sink writes: upserted by {@code externalIdField}. {@code leadRef} and {@code contactRef} name the
 * fields that point to the buyer's Lead or, once converted, its Contact (null: the object has none); the sink fills
 * them when it sends the record, from the ids Salesforce confirmed or the read-back saw.
 */
record SinkObject(String name, String externalIdField, String leadRef, String contactRef) {

    boolean pointsToBuyer() {
        return leadRef != null || contactRef != null;
    }

    /**
     * The objects in the order a drain writes them: Leads and Contacts first, so that a CampaignMember, Task or
     * touchpoint of a buyer whose Lead is created in the same drain finds the Lead's id.
     */
    static List<SinkObject> inWriteOrder(String leadExternalIdField, SalesforceObjects objects) {
        List<SinkObject> out = new ArrayList<>();
        out.add(new SinkObject("Lead", leadExternalIdField, null, null));
        out.add(new SinkObject("Contact", objects.contact().externalIdField(), null, null));
        out.add(new SinkObject(CampaignMemberRecords.SOBJECT, objects.campaignMember().externalIdField(), "LeadId",
                "ContactId"));
        out.add(new SinkObject(TaskDigests.SOBJECT, objects.task().externalIdField(), "WhoId", "WhoId"));
        SalesforceObjects.Touchpoints tp = objects.touchpoint();
        out.add(new SinkObject(tp.object(), tp.externalIdField(), tp.leadField(), tp.contactField()));
        return List.copyOf(out);
    }
}
