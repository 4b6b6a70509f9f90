-- Benchmark data set (bench/run.sh): :customers customers with monthly settlement, :orders unpaid
-- orders striped over them (order n belongs to customer ((n-1) % :customers) + 1, so every customer
-- has the same number of orders and customer c's k-th order, k from 0, is order k * :customers + c),
-- one line item each. Loaded in SQL with generate_series, not through the API.
-- Order n was created n seconds after the base time, so a customer's newest orders are its last.
-- Needs psql variables: customers, orders.
\set ON_ERROR_STOP on
begin;
truncate bill_item, payment_order, coupon_redemption, idempotency_record, payment, order_line_item,
         customer_order, notification, bill, discount, coupon, customer cascade;

insert into customer (customer_id, name, email, monthly_settlement_enabled, created_at, updated_at)
select 'bench-c' || lpad(c::text, 6, '0'), 'Bench customer ' || c, 'c' || c || '@bench.invalid', true,
       timestamptz '2024-01-01 00:00:00+00', timestamptz '2024-01-01 00:00:00+00'
from generate_series(1, :customers) c;

insert into customer_order (order_id, customer_id, service_type, order_type, status, currency, amount,
                            created_at, expires_at, contract_overlap, requires_approval, content_hash, updated_at)
select 'bench-o' || lpad(n::text, 8, '0'),
       'bench-c' || lpad((((n - 1) % :customers) + 1)::text, 6, '0'),
       (array['hws.service.type.ec2','hws.service.type.ebs','hws.service.type.obs','hws.service.type.rds',
              'hws.service.type.vpc','hws.service.type.cdn','hws.service.type.dcs','hws.service.type.cce'])[1 + n % 8],
       (array['new_purchase','renewal','change'])[1 + n % 3],
       'pending_payment', 'USD', 1000 + (n % 97) * 100,
       timestamptz '2025-01-01 00:00:00+00' + n * interval '1 second',
       timestamptz '2099-01-01 00:00:00+00',
       false, false, md5(n::text),
       timestamptz '2025-01-01 00:00:00+00' + n * interval '1 second'
from generate_series(1, :orders) n;

insert into order_line_item (id, order_id, line_no, product_id, description, quantity, unit_price, amount, region)
select n, 'bench-o' || lpad(n::text, 8, '0'), 1, 'bench-product-' || (n % 8),
       'Bench product ' || (n % 8) || ', 1 month', 1, 1000 + (n % 97) * 100, 1000 + (n % 97) * 100, 'eu-west-1'
from generate_series(1, :orders) n;

select setval('line_item_seq', (:orders / 50 + 1) * 50 + 50);
commit;
vacuum analyze customer, customer_order, order_line_item;
