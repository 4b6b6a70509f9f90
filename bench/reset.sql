-- Undo every payment of a benchmark run (bench/run.sh, between runs): the orders are unpaid again,
-- with the values bench/load.sql gave them (the service rewrites every column of a paid order, and
-- the pgbench scripts write the captured request's values into other orders).
\set ON_ERROR_STOP on
begin;
truncate bill_item, payment_order, coupon_redemption, idempotency_record, payment cascade;
update customer_order o set status = 'pending_payment', payment_id = null, paid_at = null,
       service_type = (array['hws.service.type.ec2','hws.service.type.ebs','hws.service.type.obs','hws.service.type.rds',
                             'hws.service.type.vpc','hws.service.type.cdn','hws.service.type.dcs','hws.service.type.cce'])[1 + x.n % 8],
       order_type = (array['new_purchase','renewal','change'])[1 + x.n % 3],
       currency = 'USD', amount = 1000 + (x.n % 97) * 100,
       created_at = timestamptz '2025-01-01 00:00:00+00' + x.n * interval '1 second',
       expires_at = timestamptz '2099-01-01 00:00:00+00',
       contract_overlap = false, requires_approval = false, content_hash = md5(x.n::text),
       combined_purchase_id = null, approved_at = null, approved_by = null, rejected_at = null,
       rejected_by = null, rejection_reason = null,
       updated_at = timestamptz '2025-01-01 00:00:00+00' + x.n * interval '1 second'
  from (select order_id, substr(order_id, 8)::bigint as n from customer_order
         where status <> 'pending_payment' or payment_id is not null) x
 where o.order_id = x.order_id;
commit;
vacuum analyze customer_order, payment, payment_order, bill_item, idempotency_record;
