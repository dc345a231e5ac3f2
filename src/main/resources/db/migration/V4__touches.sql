-- Attribution touches: every activity of a touch type, with its channel and the buyer's stage at the time.
CREATE TABLE touch (
    touch_id      VARCHAR(300) PRIMARY KEY,
    buyer_id      VARCHAR(40)  NOT NULL,
    occurred_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    channel       VARCHAR(64)  NOT NULL,
    campaign      VARCHAR(255),
    asset         VARCHAR(2000),
    activity_type VARCHAR(32)  NOT NULL,
    stage_at_time VARCHAR(16)
);
CREATE INDEX touch_buyer ON touch (buyer_id, occurred_at);
