package io.isthmus.lifecycle;

/**
 * The CRM field API names isthmus writes on the Lead or Contact. Each may be null: that value is not sent.
 */
public record CrmFieldNames(
        String fitScore,
        String engagementScore,
        String score,
        String summary,
        String stage,
        String stageDate,
        String mqlDate,
        String slaHours) {

    public static final CrmFieldNames DEFAULTS = new CrmFieldNames(
            "Isthmus_Fit_Score__c",
            "Isthmus_Engagement_Score__c",
            "Isthmus_Score__c",
            "Isthmus_Score_Summary__c",
            "Isthmus_Stage__c",
            "Isthmus_Stage_Date__c",
            "Isthmus_MQL_Date__c",
            "Isthmus_SLA_Hours__c");
}
