-- Bill item IDs from a sequence that Hibernate takes 50 at a time (like line_item_seq), so the
-- bill items of one payment are inserted as one statement batch instead of one insert per item
-- with RETURNING id (issue #13). The bigserial default goes: one source of IDs.
create sequence bill_item_seq increment by 50;
select setval('bill_item_seq', coalesce((select max(id) from bill_item), 0) + 50);
alter table bill_item alter column id drop default;
drop sequence bill_item_id_seq;
