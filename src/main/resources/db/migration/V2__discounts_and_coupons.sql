-- orderpay schema, part 2: discounts and coupons granted per customer (contract §5).
-- Percentages are hundredths of a percent (1500 = 15.00 %); money is bigint minor units.

create table discount (
    discount_id    varchar(64) primary key,
    customer_id    varchar(64) not null references customer (customer_id),
    type           varchar(20) not null check (type in ('commercial', 'promotion', 'partner', 'contract')),
    percent_off_bp bigint      not null check (percent_off_bp > 0 and percent_off_bp <= 10000),
    service_types  varchar(2000) not null default '',
    order_types    varchar(400)  not null default '',
    valid_from     timestamptz,
    valid_until    timestamptz,
    created_at     timestamptz not null
);

create index discount_by_customer on discount (customer_id);

create table coupon (
    coupon_id               varchar(64) primary key,
    customer_id             varchar(64) not null references customer (customer_id),
    type                    varchar(20) not null check (type in ('cash', 'discount')),
    face_value              bigint check (face_value >= 0),
    balance                 bigint check (balance >= 0),
    percent_off_bp          bigint check (percent_off_bp > 0 and percent_off_bp <= 10000),
    min_spend               bigint not null default 0 check (min_spend >= 0),
    max_deduction           bigint check (max_deduction >= 0),
    currency                varchar(3),
    service_types           varchar(2000) not null default '',
    order_types             varchar(400)  not null default '',
    valid_from              timestamptz,
    valid_until             timestamptz,
    stackable_with_discount boolean not null default true,
    status                  varchar(20) not null check (status in ('available', 'reserved', 'used')),
    created_at              timestamptz not null,
    updated_at              timestamptz not null,
    version                 bigint not null default 0,
    constraint cash_coupon_shape check (type <> 'cash' or (face_value is not null and balance is not null and currency is not null and balance <= face_value)),
    constraint discount_coupon_shape check (type <> 'discount' or percent_off_bp is not null)
);

create index coupon_by_customer on coupon (customer_id);

-- What each payment took from each coupon: reserved during an online checkout,
-- consumed on success, released (balance restored) on failure, expiry or cancel.
create table coupon_redemption (
    payment_id varchar(40) not null references payment (payment_id),
    coupon_id  varchar(64) not null references coupon (coupon_id),
    amount     bigint      not null check (amount >= 0),
    state      varchar(20) not null check (state in ('reserved', 'consumed', 'released')),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (payment_id, coupon_id)
);

create index coupon_redemption_by_coupon on coupon_redemption (coupon_id);
