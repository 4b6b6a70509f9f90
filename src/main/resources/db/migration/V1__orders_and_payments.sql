-- orderpay schema, part 1: customers, orders, payments, idempotency, bill items.
-- Money is bigint minor units of the row's currency (ISO 4217 digits). Times are timestamptz (UTC).

create table service_type (
    service_type varchar(64) primary key,
    name         varchar(200) not null
);

insert into service_type (service_type, name) values
    ('hws.service.type.ec2', 'Elastic Cloud Server'),
    ('hws.service.type.ebs', 'Elastic Volume Service'),
    ('hws.service.type.obs', 'Object Storage Service'),
    ('hws.service.type.rds', 'Relational Database Service'),
    ('hws.service.type.vpc', 'Virtual Private Cloud'),
    ('hws.service.type.cdn', 'Content Delivery Network'),
    ('hws.service.type.dcs', 'Distributed Cache Service'),
    ('hws.service.type.cce', 'Cloud Container Engine');

create table customer (
    customer_id                varchar(64) primary key,
    name                       varchar(200),
    email                      varchar(320),
    phone                      varchar(32),
    monthly_settlement_enabled boolean     not null default false,
    gateway_customer_id        varchar(255),
    default_payment_method     varchar(255),
    created_at                 timestamptz not null,
    updated_at                 timestamptz not null
);

create table customer_order (
    order_id             varchar(64) primary key,
    customer_id          varchar(64) not null references customer (customer_id),
    service_type         varchar(64) not null references service_type (service_type),
    order_type           varchar(40) not null,
    status               varchar(32) not null,
    currency             varchar(3)   not null,
    amount               bigint      not null check (amount >= 0),
    created_at           timestamptz not null,
    expires_at           timestamptz not null,
    combined_purchase_id varchar(64),
    contract_overlap     boolean     not null default false,
    requires_approval    boolean     not null default false,
    content_hash         varchar(64) not null,
    payment_id           varchar(40),
    paid_at              timestamptz,
    updated_at           timestamptz not null,
    constraint order_status_valid check (status in
        ('pending_approval', 'pending_payment', 'payment_in_progress', 'paid', 'cancelled', 'expired'))
);

-- Keyset search (engineering guide §5): one index per sort, the unpaid statuses only.
create index order_unpaid_by_created on customer_order (customer_id, created_at desc, order_id)
    where status in ('pending_approval', 'pending_payment', 'payment_in_progress');
create index order_unpaid_by_expires on customer_order (customer_id, expires_at, order_id)
    where status in ('pending_approval', 'pending_payment', 'payment_in_progress');
create index order_id_prefix on customer_order (customer_id, upper(order_id) text_pattern_ops);
create index order_combined_purchase on customer_order (combined_purchase_id) where combined_purchase_id is not null;
create index order_expiry on customer_order (expires_at)
    where status in ('pending_approval', 'pending_payment');

create sequence line_item_seq increment by 50;

create table order_line_item (
    id          bigint primary key,
    order_id    varchar(64)  not null references customer_order (order_id),
    line_no     int          not null,
    product_id  varchar(128) not null,
    description varchar(500) not null,
    quantity    int          not null check (quantity > 0),
    unit_price  bigint       not null check (unit_price >= 0),
    amount      bigint       not null check (amount >= 0),
    region      varchar(64),
    unique (order_id, line_no)
);

create table payment (
    payment_id          varchar(40) primary key,
    customer_id         varchar(64) not null references customer (customer_id),
    status              varchar(20) not null,
    method              varchar(20) not null,
    currency            varchar(3)   not null,
    total_amount        bigint      not null,
    total_discount      bigint      not null,
    total_coupon        bigint      not null,
    total_payable       bigint      not null check (total_payable >= 0),
    discount_id         varchar(64),
    coupon_ids          varchar(400) not null default '',
    skipped_orders      varchar(8000) not null default '[]',
    checkout_session_id varchar(255),
    checkout_url        varchar(2000),
    checkout_expires_at timestamptz,
    payment_intent_id   varchar(255),
    failure_reason      varchar(40),
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    version             bigint      not null default 0,
    constraint payment_status_valid check (status in
        ('requires_action', 'processing', 'succeeded', 'failed', 'cancelled', 'refunded')),
    constraint payment_method_valid check (method in ('online', 'monthly_settlement'))
);

create index payment_by_customer on payment (customer_id, created_at desc, payment_id);
create index payment_open on payment (status, checkout_expires_at) where status in ('requires_action', 'processing');

create table payment_order (
    payment_id      varchar(40) not null references payment (payment_id),
    order_id        varchar(64) not null references customer_order (order_id),
    amount          bigint      not null,
    discount_amount bigint      not null,
    coupon_amount   bigint      not null,
    payable_amount  bigint      not null check (payable_amount >= 0),
    primary key (payment_id, order_id)
);

create index payment_order_by_order on payment_order (order_id);

create table idempotency_record (
    customer_id     varchar(64)  not null,
    idempotency_key varchar(255) not null,
    request_hash    varchar(64)  not null,
    state           varchar(20)  not null,
    response_status int,
    response_body   text,
    payment_id      varchar(40),
    created_at      timestamptz  not null,
    locked_at       timestamptz  not null,
    primary key (customer_id, idempotency_key)
);

create index idempotency_created on idempotency_record (created_at);

create table bill_item (
    id            bigserial primary key,
    customer_id   varchar(64) not null references customer (customer_id),
    currency      varchar(3)   not null,
    billing_month varchar(7)     not null,
    order_id      varchar(64) not null unique references customer_order (order_id),
    payment_id    varchar(40) not null references payment (payment_id),
    amount        bigint      not null check (amount >= 0),
    paid_at       timestamptz not null,
    bill_id       varchar(40)
);

create index bill_item_month on bill_item (billing_month, customer_id, currency);
