-- orderpay schema, part 7: one settler per payment, refunds made at the gateway (issue #10, items 4 and 8).

-- Settlement of one payment is serialised by a lease: a settler claims the payment in a short
-- transaction (settling_until in the future, settling_token its own), works at the gateway with
-- no transaction open, then clears it. A crashed settler's lease simply runs out.
alter table payment add column settling_until timestamptz;
alter table payment add column settling_token varchar(40);

-- Minor units refunded at the gateway (charge.refunded), never more than total_payable.
alter table payment add column refunded_amount bigint not null default 0 check (refunded_amount >= 0);
