package io.isthmus.crm;

/**
 * One record isthmus wants the CRM to hold: the sObject, the value of its external-id field and the fields as JSON
 * (fixed field order, so equal values give equal text and the outbox can skip what the CRM already confirmed).
 */
public record CrmCommand(String sobject, String externalId, String payload) {
}
