package io.isthmus.source;

/** The activity kinds isthmus understands; each source maps its vendor's types onto these. */
public enum ActivityType {
    PAGE_VIEW,
    EMAIL_SENT,
    EMAIL_DELIVERED,
    EMAIL_OPEN,
    EMAIL_CLICK,
    EMAIL_BOUNCE,
    FORM_FILL,
    CONTENT_DOWNLOAD,
    WEBINAR_REGISTERED,
    WEBINAR_ATTENDED,
    EVENT_ATTENDED,
    CAMPAIGN_RESPONSE,
    OUTLINK,
    GOAL,
    OTHER
}
