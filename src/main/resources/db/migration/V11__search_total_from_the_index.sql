-- Search at scale (issue #13). The search's total counts the customer's unpaid orders with a filter on
-- status and expires_at (OrderRepository.search). With both columns carried in the keyset index
-- (INCLUDE), PostgreSQL counts from the index alone (an index-only scan on all-visible pages) instead
-- of reading every matching row from the table: at 10,000,000 orders over 100,000 customers the
-- search's own SQL read 28 instead of 75 pages from disk and ran 4.7-6.2x faster
-- (bench/results/2026-12-06-10m-search-index.md). It replaces V1's order_unpaid_by_created (same
-- key, same predicate), so orders carry one index more in size, not in number.
--
-- Building it blocks writes to customer_order for as long as the build (29 s for 10M orders on 2
-- cores, bench/results/2026-12-06-10m-search-index.md). On a large table, build it beforehand without
-- blocking writes, then deploy; this migration then finds it and only drops the old index:
--   create index concurrently order_unpaid_by_created_incl on customer_order
--       (customer_id, created_at desc, order_id) include (status, expires_at)
--       where status in ('pending_approval', 'pending_payment', 'payment_in_progress');
-- If that build fails it leaves an invalid index of that name: drop it (drop index concurrently
-- order_unpaid_by_created_incl) and build again. This migration refuses (and keeps V1's index) when
-- the index it finds is invalid or not this definition.
set local lock_timeout = '10s';  -- fail the deploy rather than queue every order query behind the drop
create index if not exists order_unpaid_by_created_incl on customer_order (customer_id, created_at desc, order_id)
    include (status, expires_at)
    where status in ('pending_approval', 'pending_payment', 'payment_in_progress');
do $$
begin
    if not exists (select 1 from pg_index i join pg_class c on c.oid = i.indexrelid
                   where c.relname = 'order_unpaid_by_created_incl' and i.indisvalid and i.indisready
                     and pg_get_indexdef(i.indexrelid) like '%(customer_id, created_at DESC, order_id) INCLUDE (status, expires_at) WHERE %') then
        raise exception 'order_unpaid_by_created_incl is invalid or not the index V11 defines: drop it and migrate again';
    end if;
end $$;
drop index if exists order_unpaid_by_created;
