package dev.orderpay.platform;

import com.github.f4b6a3.ulid.UlidCreator;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Identifier generation (contract §2): payments, order IDs, combined purchases, bills. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter ORDER_STAMP = DateTimeFormatter.ofPattern("yyMMddHHmm").withZone(ZoneOffset.UTC);

    private Ids() {
    }

    /** {@code PAY} + a monotonic ULID, e.g. {@code PAY01JDZ7K6Q4W3E2R1T0Y9U8I7O6}. */
    public static String paymentId() {
        return "PAY" + UlidCreator.getMonotonicUlid();
    }

    /** {@code CP} + a ULID: a combined purchase. */
    public static String combinedPurchaseId() {
        return "CP" + UlidCreator.getMonotonicUlid();
    }

    /** {@code BILL} + a ULID. */
    public static String billId() {
        return "BILL" + UlidCreator.getMonotonicUlid();
    }

    /** {@code CS} + {@code yyMMddHHmm} (UTC, at {@code at}) + 5 random upper-case letters. */
    public static String orderId(Instant at) {
        StringBuilder sb = new StringBuilder("CS").append(ORDER_STAMP.format(at));
        for (int i = 0; i < 5; i++) {
            sb.append((char) ('A' + RANDOM.nextInt(26)));
        }
        return sb.toString();
    }
}
