-- orderpay schema, part 4: online payments through the card gateway (contract §6, §7).

-- Each gateway webhook event is applied at most once: its ID is recorded when its
-- handling starts and kept when it succeeds (a failed handling removes it so the
-- gateway's retry is handled again).
create table webhook_event (
    event_id    varchar(255) primary key,
    type        varchar(100) not null,
    payment_id  varchar(40),
    received_at timestamptz  not null
);

-- Reconciliation claims open payments by moving this forward (SKIP LOCKED), so two
-- instances never settle the same payment at the same time.
alter table payment add column reconcile_after timestamptz;
create index payment_reconcile on payment (reconcile_after) where status in ('requires_action', 'processing');
