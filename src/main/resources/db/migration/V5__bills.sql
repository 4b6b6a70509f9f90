-- orderpay schema, part 5: monthly settlement bills (contract §8).

create table bill (
    bill_id           varchar(40) primary key,
    customer_id       varchar(64) not null references customer (customer_id),
    currency          varchar(3)  not null,
    billing_month     varchar(7)  not null,
    total             bigint      not null check (total >= 0),
    status            varchar(20) not null check (status in ('issued', 'paid', 'overdue')),
    issued_at         timestamptz not null,
    due_date          date        not null,
    paid_at           timestamptz,
    payment_intent_id varchar(255),
    attempts          int         not null default 0,
    last_error        varchar(255),
    charge_after      timestamptz not null,
    updated_at        timestamptz not null,
    unique (customer_id, currency, billing_month)
);

create index bill_due on bill (status, charge_after) where status in ('issued', 'overdue');
create index bill_item_unbilled on bill_item (billing_month) where bill_id is null;
