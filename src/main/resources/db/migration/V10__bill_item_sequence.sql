-- Bill item IDs from a sequence that Hibernate takes 50 at a time (like line_item_seq), so the
-- bill items of one payment are inserted as one statement batch instead of one insert per item
-- with RETURNING id (issue #13). The column's default becomes the same sequence, so an insert
-- without an id (an instance still running the previous release during a rolling deploy, plain
-- SQL) still gets a unique one: every nextval is a block of its own, 50 apart.
create sequence bill_item_seq increment by 50 owned by bill_item.id;
select setval('bill_item_seq', coalesce((select max(id) from bill_item), 0) + 50);
alter table bill_item alter column id set default nextval('bill_item_seq');
drop sequence if exists bill_item_id_seq;
