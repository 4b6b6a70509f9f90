-- Undo every payment of a benchmark run (bench/run.sh, between runs): the orders are unpaid again.
\set ON_ERROR_STOP on
begin;
truncate bill_item, payment_order, coupon_redemption, idempotency_record, payment cascade;
update customer_order set status = 'pending_payment', payment_id = null, paid_at = null
 where status <> 'pending_payment';
commit;
vacuum analyze customer_order, payment, payment_order, bill_item, idempotency_record;
