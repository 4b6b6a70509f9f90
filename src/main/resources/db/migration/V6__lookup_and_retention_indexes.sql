-- orderpay schema, part 6 (issue #10, defects 10 and 11).

-- A webhook event that names no payment ID (e.g. payment_intent.* events) is matched by its
-- Checkout Session or PaymentIntent ID (WebhookService.findPayment). V1-V5 index neither, so
-- each such event scanned the whole payment table. Partial: most rows of one kind lack the other.
create index payment_by_checkout_session on payment (checkout_session_id) where checkout_session_id is not null;
create index payment_by_payment_intent on payment (payment_intent_id) where payment_intent_id is not null;

-- The purge-expired-records job deletes webhook events older than their retention, oldest
-- first, in batches. (idempotency_record already has idempotency_created on created_at, V1.)
create index webhook_event_received on webhook_event (received_at);
