package dev.orderpay.billing;

import dev.orderpay.pricing.MinorUnits;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * A bill as {@code GET /v1/bills} and {@code GET /v1/bills/{bill_id}} show it (contract §8);
 * fields render in this order, nulls written out. {@code total} is a decimal string in
 * {@code currency}; {@code month} and {@code due_date} are {@code yyyy-MM} and {@code yyyy-MM-dd};
 * times are UTC. An {@code open} bill (the month's items not issued yet) has a null
 * {@code bill_id}, {@code issued_at} and {@code paid_at}.
 */
public record BillView(String billId, String month, String currency, String total, String status, Instant issuedAt,
                       String dueDate, Instant paidAt, List<BillItemView> items) {

    /** An issued bill and its items. */
    static BillView of(Bill b, List<BillItem> items) {
        return new BillView(b.billId, b.billingMonth, b.currency, MinorUnits.format(b.total, b.currency), b.status,
                b.issuedAt, b.dueDate.toString(), b.paidAt, items.stream().map(BillItemView::of).toList());
    }

    /** The open bill of unbilled items of one month and currency (non-empty): due on the 3rd of the next month. */
    static BillView open(List<BillItem> items) {
        BillItem first = items.get(0);
        return new BillView(null, first.billingMonth, first.currency,
                MinorUnits.format(items.stream().mapToLong(i -> i.amount).sum(), first.currency), "open", null,
                YearMonth.parse(first.billingMonth).plusMonths(1).atDay(3).toString(), null,
                items.stream().map(BillItemView::of).toList());
    }

    /** The answer of {@code GET /v1/bills}: {@code {"bills": [...]}}. */
    public record Bills(List<BillView> bills) {
    }
}
