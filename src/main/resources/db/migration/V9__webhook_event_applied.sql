-- orderpay schema, part 9: a webhook event claimed by a process that died before applying it is
-- applied by the gateway's next delivery (issue #11 item 1, crash recovery).
--
-- Before, the event ID row was the claim and the record of "applied" at once: a crash between the
-- claim and the end of its work left the row, so every later delivery answered "duplicate" and the
-- event (e.g. a charge.refunded) was never applied. Now the claim holds only until claimed_until
-- (database time; the settlement lease plus its wait) and applied_at records that the work finished.
alter table webhook_event add column applied_at timestamptz;
alter table webhook_event add column claimed_until timestamptz;
update webhook_event set applied_at = received_at;
