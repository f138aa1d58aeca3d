-- The sandbox's outbox: SMS and email kabinet would have sent, shown at /dev/outbox in
-- development so a newcomer can sign up on one machine. Production adapters never write here.

CREATE TABLE outbox_message (
    id         TEXT   NOT NULL PRIMARY KEY,
    channel    TEXT   NOT NULL,
    recipient  TEXT   NOT NULL,
    subject    TEXT,
    body       TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX outbox_message_by_time ON outbox_message (created_at);
