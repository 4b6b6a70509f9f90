-- orderpay schema, part 3: order approval and the notification outbox (contract §4.2, §11).

-- Approval (contract §4.2): an approved order stays pending_approval until the last
-- pending_approval order of its combined purchase is approved; approved_at records the
-- step meanwhile. Rejection cancels the order and its combined purchase.
alter table customer_order
    add column approved_at      timestamptz,
    add column approved_by      varchar(64),
    add column rejected_at      timestamptz,
    add column rejected_by      varchar(64),
    add column rejection_reason varchar(500);

-- Transactional outbox (contract §11): written in the transaction that changes the orders,
-- one row per channel of one notification, delivered by the send-notifications job.
-- message_id = notification_id + ':' + channel; it is also the SMS idempotency key.
create table notification (
    message_id      varchar(64)   primary key,
    notification_id varchar(48)   not null,
    channel         varchar(10)   not null check (channel in ('email', 'sms')),
    kind            varchar(32)   not null check (kind in ('orders_approved', 'orders_rejected')),
    customer_id     varchar(64)   not null references customer (customer_id),
    order_ids       varchar(2000) not null,
    recipient       varchar(320),
    subject         varchar(300)  not null,
    body            text          not null,
    status          varchar(20)   not null check (status in ('pending', 'sending', 'sent', 'failed', 'skipped')),
    attempts        int           not null default 0 check (attempts >= 0),
    next_attempt_at timestamptz   not null,
    lease_until     timestamptz,
    last_error      varchar(2000),
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null,
    sent_at         timestamptz,
    unique (notification_id, channel)
);

-- The sender's claim: due pending rows and sending rows whose lease ran out.
create index notification_due on notification (next_attempt_at) where status = 'pending';
create index notification_leased on notification (lease_until) where status = 'sending';
-- The operator's view (GET /v1/admin/notifications?status=failed).
create index notification_by_status on notification (status, created_at desc, message_id);
create index notification_by_customer on notification (customer_id, created_at desc);
