-- After a payment run (bench/run.sh): every payment paid exactly its orders, once.
-- psql variables: answers = a CSV file of (payment_id, order_id), one row per order of each
-- 201 answer the load generator received (not set for pgbench runs); inflight = how many requests
-- may have been cut off by the end of the run (committed, answer never read): at most the load
-- generator's connection count, and those payments must obey every rule too.
-- Fails (exit code 3 under ON_ERROR_STOP) with a message naming the first broken rule.
\set ON_ERROR_STOP on
\if :{?inflight}
\else
\set inflight 0
\endif
select set_config('bench.inflight', :'inflight', false) \g /dev/null
create temp table answered (payment_id varchar(40), order_id varchar(64));
\if :{?answers}
\set copy_cmd '\\copy answered from ' :'answers' ' with (format csv)'
:copy_cmd
select set_config('bench.answers', 'on', false) \g /dev/null
\endif
do $$
declare
  n_answers int := (select count(distinct payment_id) from answered);
  n_payments int := (select count(*) from payment);
  with_answers boolean := coalesce(current_setting('bench.answers', true), '') = 'on';
  bad int;
begin
  -- 1. each order is in at most one payment
  select count(*) into bad from (select order_id from payment_order group by order_id having count(*) > 1) x;
  if bad > 0 then raise exception 'verify: % orders are in more than one payment', bad; end if;
  -- 2. every order of a payment is paid by that payment, and every paid order has its payment
  select count(*) into bad from payment_order po join customer_order o using (order_id)
   where o.status <> 'paid' or o.payment_id is distinct from po.payment_id;
  if bad > 0 then raise exception 'verify: % payment lines whose order is not paid by that payment', bad; end if;
  select count(*) into bad from customer_order o
   where o.status = 'paid' and not exists (select 1 from payment_order po where po.order_id = o.order_id and po.payment_id = o.payment_id);
  if bad > 0 then raise exception 'verify: % paid orders without their payment line', bad; end if;
  -- 3. monthly settlement: one bill item per paid order, of that payment, at its payable amount
  select count(*) into bad from payment_order po join payment p using (payment_id)
   where p.method = 'monthly_settlement' and not exists (select 1 from bill_item b
         where b.order_id = po.order_id and b.payment_id = po.payment_id and b.amount = po.payable_amount);
  if bad > 0 then raise exception 'verify: % paid orders without a matching bill item', bad; end if;
  select count(*) into bad from bill_item b where not exists (select 1 from payment_order po
         where po.order_id = b.order_id and po.payment_id = b.payment_id);
  if bad > 0 then raise exception 'verify: % bill items without a payment line', bad; end if;
  -- 4. a payment's totals are the sum of its lines; it succeeded
  select count(*) into bad from payment p where p.status <> 'succeeded' or p.total_payable <>
         (select coalesce(sum(payable_amount), -1) from payment_order po where po.payment_id = p.payment_id);
  if bad > 0 then raise exception 'verify: % payments not succeeded or whose total is not the sum of their lines', bad; end if;
  -- 5. with answers: each 201 is a payment with exactly the orders it answered; payments
  --    without an answer are at most the requests cut off when the load generator stopped
  if with_answers then
    select count(*) into bad from (
      (select payment_id, order_id from answered except select payment_id, order_id from payment_order)
      union all
      (select po.payment_id, po.order_id from payment_order po where po.payment_id in (select payment_id from answered)
       except select payment_id, order_id from answered)) x;
    if bad > 0 then raise exception 'verify: % (payment, order) pairs differ between the 201 answers and the database', bad; end if;
    if n_payments - n_answers > current_setting('bench.inflight')::int then
      raise exception 'verify: % payments recorded without a 201 answer, more than the % requests in flight at the end',
        n_payments - n_answers, current_setting('bench.inflight');
    end if;
  end if;
  raise notice 'ok, % payments, % orders, each paid once; % answered 201, % cut off at the end of the run',
    n_payments, (select count(*) from payment_order), n_answers, case when with_answers then n_payments - n_answers else 0 end;
end $$;
